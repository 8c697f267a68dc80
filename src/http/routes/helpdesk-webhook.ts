import express, { Router } from 'express';
import type { HttpDeps } from '../ports';
import { InboundAuthError, InputError } from '../../plugin-sdk';
import { getLogger } from '../../logging/logger';
import { inboundEvents } from '../metrics';

const log = getLogger('http.helpdesk-webhook');

/**
 * POST /webhooks/helpdesk/:pluginId — the plugin authenticates and validates the raw body;
 * the answer goes out only once the events are durably queued.
 */
export function helpdeskWebhookRoutes(deps: Pick<HttpDeps, 'adapters' | 'intake'>): Router {
  const router = Router();
  router.post('/webhooks/helpdesk/:pluginId', express.raw({ type: () => true, limit: '5mb' }), async (req, res, next) => {
    const source = req.params.pluginId;
    const adapter = deps.adapters.get(source);
    if (!adapter?.inbound) {
      res.status(404).json({ error: `no helpdesk "${source}" receives webhooks` });
      return;
    }
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let result;
    try {
      result = adapter.inbound.receive({ headers: req.headers, rawBody, query: req.query });
    } catch (err) {
      if (err instanceof InboundAuthError) {
        inboundEvents.inc({ source, outcome: 'unauthorized' });
        log.warn('webhook refused', { source, reason: err.message, ip: req.ip });
        res.status(401).json({ error: err.message });
        return;
      }
      if (err instanceof InputError) {
        inboundEvents.inc({ source, outcome: 'invalid' });
        log.warn('webhook invalid', { source, issues: err.issues });
        res.status(400).json({ error: 'invalid payload', issues: err.issues.length ? err.issues : [err.message] });
        return;
      }
      next(err);
      return;
    }
    try {
      const { queued, duplicates } = await deps.intake.acceptHelpdeskEvents(source, result.events);
      inboundEvents.inc({ source, outcome: 'accepted' }, result.events.length);
      log.info('webhook accepted', { source, events: result.events.length, queued, duplicates });
      const response = result.response ?? { status: 202, body: { accepted: result.events.length, queued, duplicates } };
      res.status(response.status).json(response.body);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
