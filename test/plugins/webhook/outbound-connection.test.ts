import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ConnectionError, InvalidRequestError, IntegrationError, type OutboundUpdate } from '../../../src/plugin-sdk';
import { makeAdapter } from './helpers';

/** What nock cannot play: a real receiver on loopback, its connections and its raw answers. */
interface Seen {
  path: string;
  userAgent: string | undefined;
  socket: unknown;
}

const update: OutboundUpdate = {
  eventId: 'upd-7',
  type: 'erp.message_added',
  ticketId: 'T-7',
  occurredAt: new Date('2024-05-01T09:58:00Z'),
  data: { erpId: 7 },
  note: 'Answered in Dolibarr',
};

let server: http.Server;
let base: string;
const seen: Seen[] = [];
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', userAgent: req.headers['user-agent'], socket: req.socket });
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
});

function deliver(u: OutboundUpdate = update) {
  return makeAdapter({ outboundUrl: `${base}/hooks/in` }).deliver!(u);
}

describe('webhook outbound delivery over a real connection', () => {
  it('keeps one connection for successive deliveries, names itself, and reads a gzipped answer', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ createdArticleIds: ['A-1'] })));
    };
    const adapter = makeAdapter({ outboundUrl: `${base}/hooks/in` });
    await expect(adapter.deliver!(update)).resolves.toEqual({ createdArticleIds: ['A-1'] });
    await expect(adapter.deliver!({ ...update, eventId: 'upd-8' })).resolves.toEqual({ createdArticleIds: ['A-1'] });
    expect(seen.map((s) => s.userAgent)).toEqual(['TicketBridge', 'TicketBridge']);
    expect(seen[1].socket).toBe(seen[0].socket);
  });

  it('does not follow a redirect: the receiver URL must be the final one', async () => {
    answer = (req, res) => {
      if (req.url === '/hooks/in') res.writeHead(302, { Location: `${base}/elsewhere` }).end();
      else res.writeHead(200).end();
    };
    const err = await deliver().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as Error).message).toMatch(/redirects are not followed/);
    expect(seen.map((s) => s.path)).toEqual(['/hooks/in']);
  });

  it('reports an answer cut off mid-body as a transient ConnectionError', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"createdArticleIds":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const err = await deliver().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as IntegrationError).transient).toBe(true);
  });

  describe('through a proxy named by HTTP_PROXY, as axios did', () => {
    let proxy: http.Server;
    const proxied: string[] = [];
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };

    beforeAll(async () => {
      // A forward proxy sees the absolute URL; this one answers in the receiver's place.
      proxy = http.createServer((req, res) => {
        proxied.push(`${req.method} ${req.url}`);
        req.resume();
        req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    });

    beforeEach(() => {
      proxied.length = 0;
      delete process.env.NO_PROXY;
      answer = (_req, res) => res.writeHead(200).end();
    });

    it('sends the delivery to the proxy, not to the receiver', async () => {
      await deliver();
      expect(proxied).toEqual([`POST ${base}/hooks/in`]);
      expect(seen).toEqual([]);
    });

    it('goes straight to a receiver that NO_PROXY names', async () => {
      process.env.NO_PROXY = '127.0.0.1';
      await deliver();
      expect(proxied).toEqual([]);
      expect(seen.map((s) => s.path)).toEqual(['/hooks/in']);
    });
  });
});
