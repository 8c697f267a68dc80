import type { ServerResponse } from 'node:http';
import type { ZnunyDoubleControl, Fault } from './control';
import { OpError } from './op-error';

type Handler = (control: ZnunyDoubleControl, params: string[], body: Record<string, unknown>) => unknown;

/**
 * The control API for scripts (the end-to-end scenario): the same operations as the
 * in-process `control` object, as JSON over HTTP under /_control.
 */
const ROUTES: [string, RegExp, Handler][] = [
  ['POST', /^\/_control\/tickets$/, (c, _, b) => c.createTicket(b as never)],
  ['GET', /^\/_control\/tickets\/(\d+)$/, (c, [id]) => c.ticket(id)],
  ['PATCH', /^\/_control\/tickets\/(\d+)$/, (c, [id], b) => (c.updateTicket(id, b as never), {})],
  ['DELETE', /^\/_control\/tickets\/(\d+)$/, (c, [id]) => (c.remove(id), {})],
  ['POST', /^\/_control\/tickets\/(\d+)\/articles$/, (c, [id], b) => ({ articleId: c.addArticle(id, b as never) })],
  [
    'PUT',
    /^\/_control\/tickets\/(\d+)\/dynamic-fields\/([^/]+)$/,
    (c, [id, name], b) => (c.setDynamicField(id, decodeURIComponent(name), (b.value ?? null) as never), {}),
  ],
  ['GET', /^\/_control\/tickets\/(\d+)\/customer-replies$/, (c, [id]) => c.customerReplies(id)],
  ['GET', /^\/_control\/tickets\/(\d+)\/pending$/, (c, [id]) => c.pending(id)],
  ['POST', /^\/_control\/tickets\/(\d+)\/merge$/, (c, [id], b) => (c.merge(id, String(b.into)), {})],
  ['POST', /^\/_control\/clock$/, (c, _, b) => (c.setClock(b.at ? new Date(String(b.at)) : null), {})],
  ['POST', /^\/_control\/fail-next$/, (c, _, b) => (c.failNext(b as Fault), {})],
  ['POST', /^\/_control\/lose-next-write-answer$/, (c) => (c.loseNextWriteAnswer(), {})],
  ['POST', /^\/_control\/expire-sessions$/, (c) => (c.expireSessions(), {})],
  ['GET', /^\/_control\/requests$/, (c) => c.requests],
  ['GET', /^\/_control\/deliveries$/, (c) => c.deliveries],
];

export function handleControl(control: ZnunyDoubleControl, method: string, path: string, raw: string, res: ServerResponse): void {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  for (const [m, pattern, handler] of ROUTES) {
    const match = m === method ? pattern.exec(path) : null;
    if (!match) continue;
    try {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      return send(200, handler(control, match.slice(1), body));
    } catch (err) {
      return send(err instanceof OpError ? 404 : 400, { error: err instanceof Error ? err.message : String(err) });
    }
  }
  send(404, { error: `no control route ${method} ${path}` });
}
