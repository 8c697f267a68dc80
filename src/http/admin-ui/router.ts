import path from 'node:path';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { AdminConsole } from './ports';
import { AdminSessions, readCookie, SESSION_COOKIE, SESSION_TTL_MS, type AdminSession } from './session';
import { LoginThrottle } from './login-throttle';
import { ADMIN_WEB_DIR, createViews } from './views';
import { constantTimeEqual } from '../constant-time';
import type { MappingForm, MappingTable } from '../../admin-console/dictionaries';
import { getLogger } from '../../logging/logger';
import { redact } from '../../plugin-sdk';

const log = getLogger('http.admin-ui');

export interface AdminUiDeps {
  console?: AdminConsole;
  adminToken?: string;
  /** bull-board, mounted under /admin/queues for a logged-in admin too. */
  queueDashboard?: RequestHandler;
  now?: () => Date;
}

type Locals = { session: AdminSession };

// Served from the installed packages: no CDN, no copy in the repository.
const PICO_CSS = path.join(path.dirname(require.resolve('@picocss/pico/package.json')), 'css');
const UPLOT_DIST = path.join(path.dirname(require.resolve('uplot/package.json')), 'dist');

/** Form fields repeated or single, as one list. */
function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  return v === undefined ? [] : [String(v)];
}

/** Only paths of these pages: an open redirect would make the login form a phishing relay. */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/admin\/[a-z]+(\?[^\\]*)?$/.test(v) ? v : '/admin/overview';
}

const replayForm = z.union([
  z.object({ jobId: z.string().min(1).max(300) }).strict(),
  z.object({ name: z.string().min(1).max(100) }).strict(),
  z.object({ all: z.literal('1').transform(() => true as const) }).strict(),
]);
const ticketKeyForm = z.object({ helpdeskId: z.string().regex(/^[a-z][a-z0-9-]*$/), ticketId: z.string().min(1).max(200) });

function mappingForm(body: Record<string, unknown>): MappingForm {
  const rows: MappingForm['rows'] = {};
  for (const table of ['types', 'categories', 'severities'] as MappingTable[]) {
    const values = list(body[`${table}.value`]);
    const codes = list(body[`${table}.code`]);
    rows[table] = values.map((value, i) => ({ value, code: codes[i] ?? '' }));
  }
  const defaults: MappingForm['defaults'] = {};
  for (const key of ['defaultType', 'defaultCategory', 'defaultSeverity'] as const)
    if (typeof body[key] === 'string') defaults[key] = body[key] as string;
  return { rows, defaults };
}

/**
 * The admin's web pages under /admin: a login form with the admin token, a signed HTTP-only same-site
 * session cookie, and a CSRF token on every form that changes something.
 */
export function adminUiRoutes(deps: AdminUiDeps): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const render = createViews();
  const throttle = new LoginThrottle();
  const sessions = deps.adminToken ? new AdminSessions(deps.adminToken) : undefined;
  const pages = Router();

  const cookieOptions = { httpOnly: true, secure: true, sameSite: 'strict' as const, path: '/admin' };
  const page = (res: Response, name: string, data: Record<string, unknown> = {}, status = 200) => {
    const session = (res.locals as Partial<Locals>).session;
    res
      .status(status)
      .type('html')
      .send(render(name, { ...data, csrf: session?.csrf, loggedIn: Boolean(session) }));
  };
  const sessionOf = (req: Request) => sessions?.verify(readCookie(req.get('cookie'), SESSION_COOKIE), now()) ?? null;
  /** Browsers send Origin on cross-site POSTs: refuse any that is not this site, on top of the token. */
  const sameOrigin = (req: Request) => {
    const origin = req.get('origin');
    if (!origin) return true;
    try {
      return new URL(origin).host === req.get('host');
    } catch {
      return false;
    }
  };

  router.use('/admin/assets/pico', express.static(PICO_CSS, { maxAge: '1h' }));
  router.use('/admin/assets/uplot', express.static(UPLOT_DIST, { maxAge: '1h' }));
  router.use('/admin/assets/app', express.static(path.join(ADMIN_WEB_DIR, 'assets'), { maxAge: '1h' }));

  if (deps.queueDashboard) {
    const dashboard = deps.queueDashboard;
    router.use('/admin/queues', (req, res, next) => {
      // The API token (Bearer / Basic) is checked by the admin API's own guard; here a logged-in admin's session.
      if (!sessionOf(req))
        return req.get('authorization') || req.method !== 'GET'
          ? next('router')
          : res.redirect(303, `/admin/login?next=${encodeURIComponent('/admin/overview')}`);
      if (req.method !== 'GET' && !sameOrigin(req)) return res.status(403).json({ error: 'cross-site request refused' });
      return dashboard(req, res, next);
    });
  }

  router.use(
    ['/admin', '/admin/*'],
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
      // With "no-referrer" browsers send `Origin: null` even on this site's own forms; the Origin check needs it.
      referrerPolicy: { policy: 'same-origin' },
    }),
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
  );

  router.get('/admin', (_req, res) => res.redirect(303, '/admin/overview'));
  router.get('/admin/login', (req, res) => {
    if (!sessions) return page(res, 'login', { disabled: true }, 503);
    if (sessionOf(req)) return res.redirect(303, safeNext(req.query.next));
    // Browsers drop a Secure cookie set over plain HTTP, except on this machine's own addresses.
    const plainHttp = !req.secure && !/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(req.get('host') ?? '');
    return page(res, 'login', { next: safeNext(req.query.next), plainHttp });
  });
  router.post('/admin/login', express.urlencoded({ extended: false, limit: '10kb' }), (req, res) => {
    if (!sessions || !deps.adminToken) return page(res, 'login', { disabled: true }, 503);
    const ip = req.ip ?? 'unknown';
    const next = safeNext(req.body?.next);
    if (!sameOrigin(req)) return page(res, 'login', { next, error: 'This form must be sent from this site.' }, 403);
    if (throttle.blocked(ip, now())) return page(res, 'login', { next, error: 'Too many wrong tokens: wait a quarter of an hour.' }, 429);
    const given = typeof req.body?.token === 'string' ? req.body.token : '';
    if (!constantTimeEqual(given, deps.adminToken)) {
      throttle.failed(ip, now());
      log.warn('admin login refused: wrong token', { ip });
      return page(res, 'login', { next, error: 'That is not the admin token.' }, 401);
    }
    const { cookie } = sessions.issue(now());
    log.info('admin logged in', { ip });
    res.cookie(SESSION_COOKIE, cookie, { ...cookieOptions, maxAge: SESSION_TTL_MS });
    return res.redirect(303, next);
  });

  router.use(
    '/admin',
    (req, res, next) => {
      const session = sessionOf(req);
      if (!session) {
        if (req.method === 'GET') return res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
        return res.status(401).type('text').send('Log in first.');
      }
      (res.locals as Locals).session = session;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 5000 })(req, res, (err?: unknown) => {
          if (err) return next(err);
          if (!sameOrigin(req) || !sessions!.csrfValid(session, req.body?._csrf)) {
            log.warn('admin form refused: missing or wrong CSRF token', { path: req.path, ip: req.ip });
            return page(
              res,
              'error',
              { title: 'Refused', message: 'This form is out of date or was not sent from this site. Reload the page and try again.' },
              403,
            );
          }
          delete req.body._csrf;
          return next();
        });
      }
      return next();
    },
    pages,
  );

  const admin = (res: Response) => {
    if (!deps.console) {
      page(res, 'error', { title: 'Not available', message: 'This process does not run the bridge: open the admin pages of the service.' }, 503);
      return undefined;
    }
    return deps.console;
  };
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

  pages.post('/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, cookieOptions);
    res.redirect(303, '/admin/login');
  });

  pages.get(
    '/overview',
    wrap(async (_req, res) => {
      const c = admin(res);
      if (c) page(res, 'overview', { title: 'Overview', overview: await c.overview() });
    }),
  );

  pages.get(
    '/failures',
    wrap(async (req, res) => {
      const c = admin(res);
      if (!c) return;
      const failures = await c.failures();
      const kinds = [...new Set(failures.map((f) => f.name))].map((name) => ({ name, count: failures.filter((f) => f.name === name).length }));
      const replayed = typeof req.query.replayed === 'string' ? Number(req.query.replayed) : undefined;
      page(res, 'failures', { title: 'Failures', failures, kinds, replayed });
    }),
  );
  pages.post(
    '/failures/replay',
    wrap(async (req, res) => {
      const c = admin(res);
      if (!c) return;
      const form = replayForm.safeParse(req.body);
      if (!form.success) return page(res, 'error', { title: 'Nothing replayed', message: 'Choose one job, one kind of job, or all.' }, 400);
      const n = await c.replay(form.data);
      log.info('admin replayed failed jobs', { selection: form.data, replayed: n });
      res.redirect(303, `/admin/failures?replayed=${n}`);
    }),
  );

  pages.get(
    '/tickets',
    wrap(async (req, res) => {
      const c = admin(res);
      if (!c) return;
      const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 200) : '';
      const key = ticketKeyForm.safeParse(req.query);
      const lookup = q || key.success ? await c.findTicket(q, key.success ? key.data : undefined) : undefined;
      page(res, 'tickets', { title: 'Tickets', q, lookup, queued: req.query.queued === '1' });
    }),
  );
  pages.post(
    '/tickets/sync',
    wrap(async (req, res) => {
      const c = admin(res);
      if (!c) return;
      const key = ticketKeyForm.safeParse(req.body);
      if (!key.success) return page(res, 'error', { title: 'Not synced', message: 'The form named no ticket.' }, 400);
      await c.syncNow(key.data);
      log.info('admin asked for a sync', key.data);
      res.redirect(
        303,
        `/admin/tickets?helpdeskId=${encodeURIComponent(key.data.helpdeskId)}&ticketId=${encodeURIComponent(key.data.ticketId)}&queued=1`,
      );
    }),
  );

  pages.get(
    '/dictionaries',
    wrap(async (req, res) => {
      const c = admin(res);
      if (c) page(res, 'dictionaries', { title: 'Dictionaries', view: await c.dictionaries(), saved: req.query.saved === '1' });
    }),
  );
  pages.post(
    '/dictionaries',
    wrap(async (req, res) => {
      const c = admin(res);
      if (!c) return;
      const result = await c.saveMapping(mappingForm(req.body as Record<string, unknown>));
      if (result.ok) {
        log.info('admin saved the mapping');
        return res.redirect(303, '/admin/dictionaries?saved=1');
      }
      return page(res, 'dictionaries', { title: 'Dictionaries', view: await c.dictionaries(), problems: result.problems }, 400);
    }),
  );

  pages.get(
    '/contracts',
    wrap(async (_req, res) => {
      const c = admin(res);
      if (c) page(res, 'contracts', { title: 'Contracts', customers: await c.contracts() });
    }),
  );

  pages.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    log.error('admin page failed', { path: req.path, error: err });
    page(res, 'error', { title: 'Something failed', message: String(redact(err instanceof Error ? err.message : 'unexpected error')) }, 502);
  });
  return router;
}
