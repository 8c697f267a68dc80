import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type RelayMode = 'forward' | 'drop' | 'hold';

export interface Delivery {
  headers: Record<string, string>;
  body: string;
  /** The invoker event, e.g. { Event: 'ArticleCreate', TicketID: '3', ArticleID: 7 }. */
  event: Record<string, unknown>;
}

/**
 * Sits between the Znuny double's invokers and the bridge, as the network between them would:
 * it forwards each delivery, loses it (Znuny drops a failed asynchronous invoker call), or
 * holds it back so a test can deliver it late, out of order, or twice.
 */
export class InvokerRelay {
  mode: RelayMode = 'forward';
  readonly seen: Delivery[] = [];
  readonly dropped: Delivery[] = [];
  held: Delivery[] = [];
  private server?: http.Server;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(req.headers)
            .filter(([k]) => k.startsWith('x-') || k === 'content-type')
            .map(([k, v]) => [k, String(v)]),
        );
        const delivery: Delivery = { headers, body, event: (JSON.parse(body) as { Event: Record<string, unknown> }).Event };
        this.seen.push(delivery);
        if (this.mode === 'drop') {
          this.dropped.push(delivery);
          res.writeHead(502).end();
        } else if (this.mode === 'hold') {
          this.held.push(delivery);
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else {
          this.send(delivery).then(
            (status) => res.writeHead(status, { 'content-type': 'application/json' }).end('{}'),
            () => res.writeHead(502).end(),
          );
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Delivers to the bridge as the invoker would; returns the bridge's HTTP status. */
  async send(delivery: Delivery): Promise<number> {
    const res = await fetch(this.target, { method: 'POST', headers: delivery.headers, body: delivery.body });
    await res.arrayBuffer();
    return res.status;
  }

  takeHeld(): Delivery[] {
    const held = this.held;
    this.held = [];
    return held;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
