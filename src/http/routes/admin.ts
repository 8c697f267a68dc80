import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AdminService, HandlerResult, HttpDeps } from '../ports';
import { constantTimeEqual } from '../constant-time';
import { formatZodIssues } from '../../plugin-sdk';

/** Bearer token for API calls, or Basic auth (any user, the token as password) for the browser pages. */
function presentedToken(req: Request): string | undefined {
  const header = req.get('authorization') ?? '';
  const [scheme, value] = header.split(' ', 2);
  if (/^bearer$/i.test(scheme) && value) return value;
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return undefined;
}

function requireAdmin(token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!token) {
      res.status(503).json({ error: 'admin API disabled: set ADMIN_TOKEN' });
      return;
    }
    const given = presentedToken(req);
    if (!given || !constantTimeEqual(given, token)) {
      res.set('WWW-Authenticate', 'Basic realm="ticketbridge"').status(401).json({ error: 'admin token required' });
      return;
    }
    next();
  };
}

const replaySchema = z.union([z.object({ jobId: z.string().min(1) }).strict(), z.object({ all: z.literal(true) }).strict()]);
const quoteSchema = z.object({ requestId: z.string().min(8).max(100), hours: z.number().positive().max(1000).optional() }).strict();

/** Nothing to say: the ticket is read from the helpdesk. */
const devEscalationSchema = z.object({}).strict();

type Handler = (admin: AdminService, req: Request) => Promise<HandlerResult>;

function validate<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; result: HandlerResult } {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, result: { status: 400, body: { error: 'invalid request', issues: formatZodIssues(parsed.error) } } };
}

/** One handler per endpoint, independent of express. */
const routes: Array<{ method: 'get' | 'post'; path: string; handler: Handler }> = [
  { method: 'get', path: '/api/queues', handler: async (admin) => ({ status: 200, body: await admin.queueCounts() }) },
  {
    method: 'get',
    path: '/api/jobs/failed',
    handler: async (admin, req) => ({ status: 200, body: await admin.listFailed(Math.min(Number(req.query.limit) || 50, 500)) }),
  },
  {
    method: 'post',
    path: '/api/jobs/replay',
    handler: async (admin, req) => {
      const input = validate(replaySchema, req.body);
      if (!input.ok) return input.result;
      return { status: 200, body: await admin.replay(input.value) };
    },
  },
  {
    method: 'post',
    path: '/api/tickets/:helpdeskId/:ticketId/quote',
    handler: async (admin, req) => {
      const input = validate(quoteSchema, req.body);
      if (!input.ok) return input.result;
      const queued = await admin.raiseQuote({ helpdeskId: req.params.helpdeskId, ticketId: req.params.ticketId, ...input.value });
      return { status: 202, body: queued };
    },
  },
  {
    method: 'post',
    path: '/api/tickets/:helpdeskId/:ticketId/dev-escalation',
    handler: async (admin, req) => {
      const input = validate(devEscalationSchema, req.body);
      if (!input.ok) return input.result;
      const queued = await admin.escalateToDev({ helpdeskId: req.params.helpdeskId, ticketId: req.params.ticketId });
      return { status: 202, body: queued };
    },
  },
];

export function adminRoutes(deps: Pick<HttpDeps, 'admin' | 'adminToken' | 'queueDashboard'>): Router {
  const router = Router();
  const guard = requireAdmin(deps.adminToken);
  const admin = deps.admin;
  if (deps.queueDashboard) router.use('/admin/queues', guard, deps.queueDashboard);
  for (const route of routes) {
    router[route.method](route.path, guard, express.json({ limit: '100kb' }), async (req, res, next) => {
      if (!admin) {
        res.status(503).json({ error: 'admin API not available in this process' });
        return;
      }
      try {
        const result = await route.handler(admin, req);
        res.status(result.status).json(result.body);
      } catch (err) {
        next(err);
      }
    });
  }
  return router;
}
