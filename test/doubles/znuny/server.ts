import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ROUTES, type Operation } from '../../../plugins/znuny/settings';
import { DoubleActions, type DoubleEvent } from './actions';
import { handleControl } from './control-api';
import { ZnunyDoubleControl } from './control';
import { OpError } from './op-error';
import { ticketGet, ticketHistoryGet, ticketSearch } from './read-ops';
import { renderDelivery } from './render';
import { DoubleStore } from './store';
import { ticketCreate, ticketUpdate } from './write-ops';

export interface ZnunyDoubleOptions {
  port?: number;
  host?: string;
  webserviceName?: string;
  agent?: { login: string; password: string };
  /** Znuny's OTRSTimeZone: the zone of every date string. */
  timeZone?: string;
  dynamicFieldNames?: string[];
  routes?: Record<Operation, string>;
  /**
   * Where the invokers POST (the bridge's /webhooks/helpdesk/<id>), with the shared-secret header. `fieldEvents`:
   * the `TicketDynamicFieldUpdate_<Field>` events the web service lists (none in the shipped one; an escalation mark
   * on a dynamic field adds its own).
   */
  invoker?: { url: string; header: string; secret: string; fieldEvents?: string[] };
}

export interface ZnunyDouble {
  /** The web service base URL, i.e. the plugin's `baseUrl`. */
  url: string;
  /** The server root; the control API lives under /_control. */
  root: string;
  control: ZnunyDoubleControl;
  close(): Promise<void>;
}

const WRITES = new Set<Operation>(['TicketCreate', 'TicketUpdate']);

/** A Znuny 7 GenericInterface REST web service in memory, answering like the recordings. */
export async function startZnunyDouble(opts: ZnunyDoubleOptions = {}): Promise<ZnunyDouble> {
  const name = opts.webserviceName ?? 'TicketBridge';
  const agent = opts.agent ?? { login: 'tb-agent', password: 'tb-password' };
  const store = new DoubleStore(
    opts.timeZone ?? 'UTC',
    opts.dynamicFieldNames ?? ['DolibarrRef', 'DolibarrContract', 'DolibarrDuration', 'DolibarrQuote'],
  );
  const pending: DoubleEvent[] = [];
  const actions = new DoubleActions(store, (e) => pending.push(e));
  // Changes made through the control object stand for agents in the UI: their invokers fire too.
  const control = new ZnunyDoubleControl(store, actions, () => deliver(pending.splice(0)));
  const routes = Object.entries(opts.routes ?? DEFAULT_ROUTES).map(([op, r]) => {
    const [method, template] = r.split(' ');
    const names: string[] = [];
    const pattern = new RegExp(`^${template.replace(/:(\w+)/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`);
    return { op: op as Operation, method, pattern, names };
  });
  const prefix = `/znuny/nph-genericinterface.pl/Webservice/`;

  function deliver(events: DoubleEvent[]): void {
    if (!opts.invoker) return;
    for (const event of events) {
      if (event.Event.startsWith('TicketDynamicFieldUpdate_') && !opts.invoker.fieldEvents?.includes(event.Event)) continue;
      const ticket = store.tickets.get(event.TicketID);
      if (!ticket) continue;
      const record: { event: Record<string, unknown>; status?: number; error?: string } = { event: { ...event } };
      control.deliveries.push(record);
      fetch(opts.invoker.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=UTF-8', 'user-agent': 'REST::Client/273', [opts.invoker.header]: opts.invoker.secret },
        body: JSON.stringify(renderDelivery(store, { ...event }, ticket)),
      }).then(
        (res) => (record.status = res.status),
        (err: unknown) => (record.error = String(err)),
      );
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const raw = Buffer.concat(chunks).toString('utf8');
      if (url.pathname.startsWith('/_control/')) return handleControl(control, req.method ?? 'GET', url.pathname, raw, res);
      // Znuny closes the connection without an answer for an unknown web service name.
      if (!url.pathname.startsWith(`${prefix}${name}/`)) return void req.socket.destroy();
      const route = url.pathname.slice(prefix.length + name.length);
      serveApi(req, res, route, url, raw);
    });
  });

  function serveApi(req: IncomingMessage, res: ServerResponse, route: string, url: URL, raw: string): void {
    const text = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=UTF-8', connection: 'close' });
      res.end(body);
    };
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8', connection: 'close' });
      res.end(JSON.stringify(body));
    };
    const match = routes.map((r) => ({ r, m: req.method === r.method ? r.pattern.exec(route) : null })).find((x) => x.m);
    const params: Record<string, unknown> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      params[key] = all.length > 1 ? all : all[0];
    }
    if (req.method !== 'GET' && raw) {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return text(500, 'Error while decoding request content.');
      }
      if (!body || typeof body !== 'object' || Object.keys(body).length === 0) return text(500, 'Unsupported request content structure.');
      Object.assign(params, body);
    }
    control.requests.push({ method: req.method ?? '', path: route, operation: match?.r.op, headers: req.headers, params: redacted(params) });
    // Faults hit the next operation call; SessionCreate is left alone so the fault reaches the call under test.
    const fault = match?.r.op === 'SessionCreate' ? undefined : control.faults.shift();
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'http') return text(fault.status, fault.text);
    if (!match) return text(500, `HTTP::REST Error while determine Operation for request URI '${route}'.`);
    const { op, names } = match.r;
    const path = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match.m![i + 1])]));
    try {
      if (fault?.kind === 'opError') throw new OpError(fault.code, fault.message ?? `${fault.code.split('.')[0]}: simulated error!`);
      const body = operate(op, path, params, req);
      const lose = WRITES.has(op) && control.loseNextWrite;
      control.loseNextWrite = control.loseNextWrite && !lose;
      deliver(pending.splice(0));
      if (lose) req.socket.destroy();
      else json(body);
    } catch (err) {
      pending.splice(0);
      if (err instanceof OpError) return json(err.body());
      text(500, String(err));
    }
  }

  function operate(op: Operation, path: Record<string, string>, p: Record<string, unknown>, req: IncomingMessage): Record<string, unknown> {
    if (op === 'SessionCreate') {
      if (p.UserLogin !== agent.login || p.Password !== agent.password)
        throw new OpError('SessionCreate.AuthFail', 'SessionCreate: Authorization failing!');
      const id = randomBytes(16).toString('hex');
      control.sessions.add(id);
      return { SessionID: id };
    }
    authenticate(op, p, req);
    switch (op) {
      case 'TicketGet':
        return ticketGet(store, path.TicketID ?? String(p.TicketID ?? ''), p);
      case 'TicketSearch':
        return ticketSearch(store, p);
      case 'TicketHistoryGet':
        return ticketHistoryGet(store, path.TicketID ?? '');
      case 'TicketCreate':
        return ticketCreate(store, actions, p);
      case 'TicketUpdate':
        return ticketUpdate(store, actions, path.TicketID ?? '', p);
    }
  }

  /** Headers override query/body values (01_ticketget_auth_via_headers_ok). */
  function authenticate(op: Operation, p: Record<string, unknown>, req: IncomingMessage): void {
    const header = (n: string) => req.headers[`x-otrs-header-${n}`] as string | undefined;
    const session = header('sessionid') ?? p.SessionID;
    const login = header('userlogin') ?? p.UserLogin;
    const password = header('password') ?? p.Password;
    const ok = typeof session === 'string' ? control.sessions.has(session) : login === agent.login && password === agent.password;
    const verb = op === 'TicketUpdate' || op === 'TicketCreate' ? 'User could not be authenticated!' : 'Authorization failing!';
    if (!ok) throw new OpError(`${op}.AuthFail`, `${op}: ${verb}`);
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const root = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  return {
    url: `${root}${prefix}${name}`,
    root,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function redacted(params: Record<string, unknown>): Record<string, unknown> {
  return 'Password' in params ? { ...params, Password: '<redacted>' } : params;
}
