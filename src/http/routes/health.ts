import { Router } from 'express';
import type { HttpDeps } from '../ports';

export function healthRoutes(deps: Pick<HttpDeps, 'readiness'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/readyz', async (_req, res, next) => {
    try {
      const report = await deps.readiness();
      res.status(report.ready ? 200 : 503).json(report);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
