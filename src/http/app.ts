import express, { type ErrorRequestHandler, type Express } from 'express';
import type { HttpDeps } from './ports';
import { healthRoutes } from './routes/health';
import { helpdeskWebhookRoutes } from './routes/helpdesk-webhook';
import { dolibarrWebhookRoutes } from './routes/dolibarr-webhook';
import { adminRoutes } from './routes/admin';
import { erpFileRoutes } from './routes/erp-files';
import { adminUiRoutes } from './admin-ui/router';
import { registry, httpDuration } from './metrics';
import { getLogger } from '../logging/logger';
import { InputError } from '../plugin-sdk';

const log = getLogger('http');

/** Builds the express app; no listening, so tests drive it with supertest. */
export function createApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((req, res, next) => {
    const end = httpDuration.startTimer();
    res.on('finish', () => end({ route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }));
    next();
  });
  app.use(healthRoutes(deps));
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  app.use(helpdeskWebhookRoutes(deps));
  app.use(dolibarrWebhookRoutes(deps));
  app.use(erpFileRoutes(deps));
  app.use(adminUiRoutes({ console: deps.adminConsole, adminToken: deps.adminToken, queueDashboard: deps.queueDashboard }));
  app.use(adminRoutes(deps));
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if ((err as { type?: string }).type === 'entity.too.large') {
      res.status(413).json({ error: 'payload too large' });
      return;
    }
    if (err instanceof InputError || (err as { type?: string }).type === 'entity.parse.failed') {
      res.status(400).json({ error: err instanceof Error ? err.message : 'invalid request' });
      return;
    }
    log.error('request failed', { method: req.method, path: req.path, error: err });
    res.status(503).json({ error: 'temporarily unable to accept the request; retry later' });
  };
  app.use(onError);
  return app;
}
