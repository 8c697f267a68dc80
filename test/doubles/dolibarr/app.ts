import express, { type ErrorRequestHandler, type Express } from 'express';
import { apiKeyAuth } from './auth';
import { CallLog } from './calls';
import type { DoubleContext } from './context';
import { controlRouter } from './control';
import { restlerBody } from './errors';
import { Faults } from './faults';
import type { RawRequest } from './http';
import { agendaRouter } from './routes/agenda';
import { contractsRouter } from './routes/contracts';
import { documentsRouter } from './routes/documents';
import { interventionsRouter } from './routes/interventions';
import { invoicesRouter } from './routes/invoices';
import { partiesRouter } from './routes/parties';
import { proposalsRouter } from './routes/proposals';
import { setupRouter } from './routes/setup';
import { ticketsRouter } from './routes/tickets';

export const API_BASE = '/api/index.php';

/** API classes that exist on the recorded instance; others answer 501 text/plain like a missing API file. */
const KNOWN_CLASSES = new Set([
  'tickets',
  'thirdparties',
  'contacts',
  'users',
  'products',
  'contracts',
  'interventions',
  'proposals',
  'invoices',
  'agendaevents',
  'documents',
  'setup',
  'status',
  'objectlinks',
  'projects',
  'orders',
  'webhook',
  'explorer',
]);

export interface DoubleApp {
  app: Express;
  faults: Faults;
  calls: CallLog;
}

/** `closeConnections`: every API answer closes its connection, as PHP's built-in server's do (`Connection: close`). */
export function buildApp(ctx: DoubleContext, apiKey: string, latencyMs = 0, closeConnections = false): DoubleApp {
  const app = express();
  const faults = new Faults();
  const calls = new CallLog();
  app.disable('x-powered-by');
  app.disable('etag');

  app.use(
    express.json({
      limit: '20mb',
      type: () => true,
      verify: (req, _res, buf) => {
        (req as RawRequest).rawBody = buf.toString('utf8');
      },
    }),
  );
  app.use('/__double', controlRouter({ ctx, faults, calls }));

  const api = express.Router();
  api.use(calls.middleware());
  if (closeConnections) {
    api.use((_req, res, next) => {
      res.set('Connection', 'close');
      next();
    });
  }
  if (latencyMs > 0) api.use((_req, _res, next) => void setTimeout(next, latencyMs));
  api.use(faults.middleware());
  // Dolibarr's injection firewall (main.inc.php, type 2) refuses a ':' in the URL path before any API code runs
  // (recorded: error_403_waf_colon_in_path.json).
  api.use((req, res, next) => {
    const page = decodeURIComponent(req.originalUrl.split('?')[0]);
    if (!page.includes(':')) return next();
    res
      .status(403)
      .type('text/html')
      .send(
        `Access refused to ${req.ip} by SQL or Script injection protection in main.inc.php:analyseVarsForSqlAndScriptsInjection type=2<br>\n` +
          'Try to go back, fix data of your form and resubmit it. You can contact also your technical support.\n' +
          `<!--\npage=${page} paramtype=2 paramkey=0 paramvalue=${page}\n-->`,
      );
  });
  api.use(apiKeyAuth(apiKey));
  api.use((req, res, next) => {
    const cls = req.path.split('/')[1] ?? '';
    if (!KNOWN_CLASSES.has(cls)) res.status(501).type('text/plain').send('API not found (failed to include API file)');
    else if (cls === 'orders' || cls === 'webhook') res.status(403).json(restlerBody(403));
    else next();
  });
  for (const router of [
    setupRouter(ctx),
    ticketsRouter(ctx),
    agendaRouter(ctx),
    interventionsRouter(ctx),
    proposalsRouter(ctx),
    invoicesRouter(ctx),
    contractsRouter(ctx),
    partiesRouter(ctx),
    documentsRouter(ctx),
  ])
    api.use(router);
  api.use((_req, res) => void res.status(404).json(restlerBody(404)));
  app.use(API_BASE, api);

  const jsonError: ErrorRequestHandler = (err: { type?: string }, _req, res, next) => {
    if (err.type === 'entity.parse.failed') {
      res.status(400).json(restlerBody(400, 'Error encoding/decoding JSON: Syntax error'));
      return;
    }
    next(err);
  };
  app.use(jsonError);
  return { app, faults, calls };
}
