import express, { type Request, type Response } from 'express';
import type { PqControl } from './control';
import { decryptBody, type AesBits } from './crypto';
import {
  PHP_ERROR_BODY,
  PRIORITY_ROWS,
  PRIVACY_ROWS,
  PROJECT_TEMPLATE,
  STATUS_ROWS,
  TICKET_TEMPLATE,
  URGENCY_ROWS,
  USAGE_ERROR_BODY,
} from './recorded';
import { renderNote, renderTicket } from './render';
import { matches, parseCriterion } from './search';
import type { User } from './store';
import { deleteTicket, writeNote, writeTicket } from './writes';

export interface ServerOptions {
  aesBits: AesBits;
  /** The web server's Basic auth in front of /api/ (htpasswd: user → password); null = none, as on the recorded instance. */
  webPasswords: Record<string, string> | null;
}

type Row = Record<string, string>;

/**
 * A request-level error exactly as ProjeQtor writes it: the message is JSON-encoded, then wrapped in quotes
 * again, so the body is not valid JSON. Before the user is known the header is text/html (recorded).
 */
function requestError(res: Response, message: string, contentType: 'text/html' | 'application/json' = 'application/json'): void {
  const encoded = JSON.stringify(message).replace(/\//g, '\\/');
  res.status(200).type(`${contentType}; charset=UTF-8`).send(`{"error":"invalid API query", "message":"${encoded}"}`);
}

function items(res: Response, rows: Row[]): void {
  res
    .status(200)
    .type('application/json; charset=UTF-8')
    .send(JSON.stringify({ identifier: 'id', items: rows }));
}

function basicUser(header: string | undefined): { name: string; password: string } | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? { name: text, password: '' } : { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

const READ_LISTS: Record<string, Row[]> = { Status: STATUS_ROWS, Urgency: URGENCY_ROWS, Priority: PRIORITY_ROWS, Privacy: PRIVACY_ROWS };
const CLASSES = new Set(['Ticket', 'Note', 'Project', ...Object.keys(READ_LISTS)]);

/** `/api/{Class}/...` as api/index.php sees it through the rewrite: decoded, then split on `/` (so %2F splits too). */
function segments(req: Request): string[] {
  const rest = req.path.replace(/^\/api\/?/, '');
  const parts = decodeURIComponent(rest).split('/');
  if (parts[0]) parts[0] = parts[0].charAt(0).toUpperCase() + parts[0].slice(1);
  return parts;
}

export function buildPqApp(control: PqControl, opts: ServerOptions): express.Express {
  const store = control.store;
  const app = express();
  app.use(express.text({ type: () => true, limit: '2mb' }));

  app.use((req, res, next) => {
    const who = basicUser(req.headers.authorization);
    control.requests.push({ method: req.method, path: req.originalUrl, user: who?.name ?? '' });
    const fault = control.faults.shift();
    if (fault?.kind === 'drop') return void req.socket.destroy();
    if (fault?.kind === 'http')
      return void res
        .status(fault.status)
        .type('text/html')
        .send(fault.body ?? `<html><body><h1>${fault.status}</h1></body></html>`);
    if (fault?.kind === 'php') return void res.status(200).type('application/json; charset=UTF-8').send(PHP_ERROR_BODY);
    if (fault?.kind === 'error') return void requestError(res, fault.message);
    if (opts.webPasswords && (!who || opts.webPasswords[who.name] === undefined || opts.webPasswords[who.name] !== who.password)) {
      return void res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="ProjeQtOr API"')
        .type('text/html')
        .send(
          '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>401 Unauthorized</title></head><body><h1>Unauthorized</h1></body></html>',
        );
    }
    next();
  });

  app.all('/api/*', (req, res) => {
    // ProjeQtor itself reads only the user name; the password is the web server's business.
    const name = basicUser(req.headers.authorization)?.name ?? '';
    const user = store.user(name);
    if (!user) return requestError(res, `user '${name}' unknown in database`, 'text/html');
    if (user.disabled) return requestError(res, `user '${name}' disabled`, 'text/html');
    const parts = segments(req);
    if (req.method === 'GET') return read(parts, user, res);
    if (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE') return write(req, parts, user, res);
    requestError(res, `method ${req.method} not taken into acocunt in this API`);
  });

  function read(parts: string[], user: User, res: Response): void {
    const [cls = '', what, ...rest] = parts;
    if (!CLASSES.has(cls)) return requestError(res, `'${cls}' is not a valid class name \${2}`);
    // The usage text is recorded already wrapped; it is sent as is.
    const usage = () => void res.status(200).type('application/json; charset=UTF-8').send(USAGE_ERROR_BODY);
    if (what === undefined || what === '') return usage();
    const all = rowsOf(cls, user);
    if (what === 'all' && rest.length === 0) return items(res, all);
    if (/^\d+$/.test(what) && rest.length === 0)
      return items(
        res,
        all.filter((r) => r.id === what),
      );
    if (what === 'search' && rest.length > 0) {
      const criteria = rest.map(parseCriterion);
      const columns = new Set(Object.keys(all[0] ?? (cls === 'Ticket' ? TICKET_TEMPLATE : {})));
      if (criteria.some((c) => !c || !columns.has(c.column))) return items(res, []);
      return items(
        res,
        all.filter((r) => matches(r, criteria as NonNullable<(typeof criteria)[number]>[])),
      );
    }
    if (what === 'updated' && rest.length === 2) {
      const [from, to] = rest as [string, string];
      // Other formats give no error, just nothing (recorded).
      if (!/^\d{14}$/.test(from) || !/^\d{14}$/.test(to)) return items(res, []);
      const ids = new Set(store.updatedIds(cls, from, to));
      return items(
        res,
        all.filter((r) => ids.has(r.id!)),
      );
    }
    usage();
  }

  function rowsOf(cls: string, user: User): Row[] {
    if (cls === 'Ticket') return [...store.tickets.values()].filter((t) => store.visible(user, t)).map((t) => renderTicket(store, t));
    if (cls === 'Note') {
      return [...store.notes.values()]
        .filter((n) => {
          const parent = n.refType === 'Ticket' ? store.tickets.get(n.refId) : undefined;
          return !parent || store.visible(user, parent);
        })
        .map((n) => renderNote(store, n));
    }
    if (cls === 'Project') {
      return store.projects
        .filter((p) => user.projects.includes(p.id))
        .map((p) => ({ ...PROJECT_TEMPLATE, id: p.id, name: p.name, projectCode: p.code }));
    }
    return READ_LISTS[cls] ?? [];
  }

  function write(req: Request, parts: string[], user: User, res: Response): void {
    const cls = parts[0] ?? '';
    if (!CLASSES.has(cls) || parts.length > 1) {
      // DELETE /api/Ticket/6: the id in the URL is not a class either (recorded).
      return requestError(res, `'${parts.join('/')}' is not a known object class`);
    }
    const contentType = String(req.headers['content-type'] ?? '');
    let data = typeof req.body === 'string' ? req.body : '';
    // PHP parses a form only for POST; PUT/DELETE with data= are read as the raw body (recorded).
    if (contentType.startsWith('application/x-www-form-urlencoded') && req.method === 'POST') data = new URLSearchParams(data).get('data') ?? '';
    if (!data) return requestError(res, `'data' missing for method ${req.method}`);
    const plain = decryptBody(data.trim(), user.apiKey, opts.aesBits);
    let payload: unknown;
    try {
      payload = plain === undefined ? undefined : JSON.parse(plain);
    } catch {
      payload = undefined;
    }
    if (typeof payload !== 'object' || payload === null)
      return requestError(res, `'data' is not correctly encoded for method ${req.method}. Request for correct API KEY`);
    control.requests[control.requests.length - 1]!.plain = payload;
    const list = Array.isArray((payload as { items?: unknown }).items)
      ? (payload as { items: Record<string, unknown>[] }).items
      : [payload as Record<string, unknown>];
    const results: Row[] = [];
    for (const item of list) {
      if (req.method === 'DELETE') {
        const done = cls === 'Ticket' ? deleteTicket(store, user, item) : undefined;
        // Deleting what does not exist breaks the JSON with a PHP warning (recorded).
        if (!done) return void res.status(200).type('application/json; charset=UTF-8').send(PHP_ERROR_BODY);
        results.push(done);
      } else if (cls === 'Ticket') results.push(writeTicket(store, user, item));
      else if (cls === 'Note') results.push(writeNote(store, user, item));
      else return requestError(res, `'${cls}' is not a known object class`);
    }
    items(res, results);
  }

  return app;
}
