import express, { Router } from 'express';
import type { HttpDeps } from '../ports';
import { InboundAuthError, InputError } from '../../plugin-sdk';
import { getLogger } from '../../logging/logger';
import { inboundEvents } from '../metrics';

const log = getLogger('http.helpdesk-webhook');

/**
 * POST /webhooks/helpdesk/:helpdeskId — the plugin authenticates and validates the raw body;
 * the answer goes out only once the events are durably queued.
 */
export function helpdeskWebhookRoutes(deps: Pick<HttpDeps, 'adapters' | 'intake'>): Router {
  const router = Router();
  router.post('/webhooks/helpdesk/:helpdeskId', express.raw({ type: () => true, limit: '5mb' }), async (req, res, next) => {
    const helpdeskId = req.params.helpdeskId;
    const adapter = deps.adapters.get(helpdeskId);
    if (!adapter?.inbound) {
      res.status(404).json({ error: `no helpdesk "${helpdeskId}" receives webhooks` });
      return;
    }
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let result;
    try {
      result = adapter.inbound.receive({ headers: req.headers, rawBody, query: req.query });
    } catch (err) {
      if (err instanceof InboundAuthError) {
        inboundEvents.inc({ source: helpdeskId, outcome: 'unauthorized' });
        log.warn('webhook refused', { helpdeskId, reason: err.message, ip: req.ip });
        res.status(401).json({ error: err.message });
        return;
      }
      if (err instanceof InputError) {
        inboundEvents.inc({ source: helpdeskId, outcome: 'invalid' });
        log.warn('webhook invalid', { helpdeskId, issues: err.issues });
        res.status(400).json({ error: 'invalid payload', issues: err.issues.length ? err.issues : [err.message] });
        return;
      }
      next(err);
      return;
    }
    try {
      const { queued, duplicates } = await deps.intake.acceptHelpdeskEvents(helpdeskId, result.events);
      inboundEvents.inc({ source: helpdeskId, outcome: 'accepted' }, result.events.length);
      log.info('webhook accepted', { helpdeskId, events: result.events.length, queued, duplicates });
      const response = result.response ?? { status: 202, body: { accepted: result.events.length, queued, duplicates } };
      res.status(response.status).json(response.body);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
