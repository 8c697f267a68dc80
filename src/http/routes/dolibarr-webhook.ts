import express, { Router } from 'express';
import type { HttpDeps } from '../ports';
import { constantTimeEqual } from '../constant-time';
import { dolibarrWebhookSchema, routeDolibarrWebhook } from '../../erp/dolibarr-webhook';
import { formatZodIssues } from '../../plugin-sdk';
import { getLogger } from '../../logging/logger';
import { inboundEvents } from '../metrics';

const log = getLogger('http.dolibarr-webhook');

/**
 * POST /webhooks/dolibarr/:token — Dolibarr signs nothing, so the unguessable token in
 * the URL is the credential. Answer fast: a blocking target would roll the user's change back.
 */
export function dolibarrWebhookRoutes(deps: Pick<HttpDeps, 'intake' | 'dolibarrWebhookToken' | 'ownCaller'>): Router {
  const router = Router();
  router.post('/webhooks/dolibarr/:token', express.json({ limit: '5mb', type: () => true }), async (req, res, next) => {
    const expected = deps.dolibarrWebhookToken;
    if (!expected || !constantTimeEqual(req.params.token, expected)) {
      inboundEvents.inc({ source: 'dolibarr', outcome: 'unauthorized' });
      log.warn('dolibarr webhook refused: bad token', { ip: req.ip });
      res.status(401).json({ error: 'unknown webhook token' });
      return;
    }
    const parsed = dolibarrWebhookSchema.safeParse(req.body);
    if (!parsed.success) {
      inboundEvents.inc({ source: 'dolibarr', outcome: 'invalid' });
      const issues = formatZodIssues(parsed.error);
      log.warn('dolibarr webhook invalid', { issues });
      res.status(400).json({ error: 'invalid payload', issues });
      return;
    }
    const routing = routeDolibarrWebhook(parsed.data, deps.ownCaller);
    if ('ignored' in routing) {
      inboundEvents.inc({ source: 'dolibarr', outcome: 'ignored' });
      log.debug('dolibarr webhook ignored', { trigger: parsed.data.triggercode, reason: routing.ignored });
      res.status(200).json({ ignored: routing.ignored });
      return;
    }
    try {
      if ('accountsChanged' in routing) {
        await deps.intake.acceptAccountsChange(routing.accountsChanged);
        inboundEvents.inc({ source: 'dolibarr', outcome: 'accepted' });
        log.info('dolibarr webhook: customer and contract look-ups will be read again', { trigger: parsed.data.triggercode });
        res.status(202).json({ accepted: 'accounts changed' });
        return;
      }
      await deps.intake.acceptErpChange(routing.change);
      inboundEvents.inc({ source: 'dolibarr', outcome: 'accepted' });
      log.info('dolibarr webhook accepted', { trigger: parsed.data.triggercode, change: routing.change });
      res.status(202).json({ accepted: routing.change });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
