import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync } from 'node:zlib';
import { ConnectionError, FileTooLargeError } from '../../../src/plugin-sdk';
import { createRootLogger } from '../../../src/logging/logger';
import { HttpTransport, wasNotSent } from '../../../src/erp/dolibarr/http-transport';
import { base64JsonBody } from '../../../src/erp/dolibarr/base64-json-body';
import { setupNock } from './recording';

setupNock({ loopback: true });

/** A real server on loopback: what a socket does (cut-off answers, reused connections) is not something nock plays. */
describe('the Dolibarr transport over a real connection', () => {
  let server: http.Server;
  let url: string;
  let handle: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void;
  const connections: unknown[] = [];
  const logger = createRootLogger({ level: 'error' });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handle(req, Buffer.concat(chunks), res));
    });
    server.on('connection', (socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/index.php/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (connections.length = 0));

  const transport = () => new HttpTransport({ url, apiKey: 'transport-test-key', timeoutMs: 2000 }, logger);

  it('an answer cut off before its end is a ConnectionError that may have been executed, not a hang', async () => {
    handle = (_req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
      res.write('{"id": 4');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const err = await transport()
      .send({ method: 'POST', path: '/tickets', body: { subject: 'x' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(wasNotSent(err)).toBe(false);
  });

  it('reads answers compressed with deflate or brotli, and asks for none on a write', async () => {
    const seen: Array<string | undefined> = [];
    handle = (req, _body, res) => {
      seen.push(req.headers['accept-encoding']);
      const json = Buffer.from(JSON.stringify([{ id: '1', ref: 'TS1' }]));
      const br = req.url!.includes('br');
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': br ? 'br' : 'deflate' });
      res.end(br ? brotliCompressSync(json) : deflateSync(json));
    };
    for (const path of ['/tickets/deflate', '/tickets/br']) {
      const res = await transport().send({ method: 'GET', path });
      expect(res.body).toEqual({ kind: 'json', value: [{ id: '1', ref: 'TS1' }] });
    }
    handle = (req, _body, res) => {
      seen.push(req.headers['accept-encoding']);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('12');
    };
    await transport().send({ method: 'POST', path: '/tickets', body: {} });
    expect(seen).toEqual(['gzip, deflate, br', 'gzip, deflate, br', 'identity']);
  });

  it('refuses a download bigger than asked, counting the inflated bytes', async () => {
    handle = (_req, _body, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' });
      res.end(deflateSync(Buffer.from(JSON.stringify({ content: 'A'.repeat(50_000) }))));
    };
    await expect(transport().send({ method: 'GET', path: '/documents/download', maxResponseBytes: 10_000 })).rejects.toBeInstanceOf(
      FileTooLargeError,
    );
  });

  it('speaks TLS to an https URL: a server that does not is a ConnectionError, nothing sent in clear', async () => {
    const bodies: string[] = [];
    handle = (_req, body, res) => {
      bodies.push(body.toString());
      res.end('1');
    };
    const https = new HttpTransport({ url: url.replace('http:', 'https:'), apiKey: 'transport-test-key', timeoutMs: 2000 }, logger);
    await expect(https.send({ method: 'POST', path: '/tickets', body: { subject: 'x' } })).rejects.toBeInstanceOf(ConnectionError);
    expect(bodies).toEqual([]);
  });

  it('streams an upload with its exact length, and keeps the connection for the next call when Dolibarr allows it', async () => {
    const received: Array<{ length: string | undefined; body: string; agent: string | undefined }> = [];
    handle = (req, body, res) => {
      received.push({ length: req.headers['content-length'], body: body.toString(), agent: req.headers['user-agent'] });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('"ok"');
    };
    const t = transport();
    const stream = base64JsonBody({ filename: 'a.txt' }, 'filecontent', Buffer.from('hello'));
    await t.send({ method: 'POST', path: '/documents/upload', stream });
    await t.send({ method: 'GET', path: '/status' });
    expect(JSON.parse(received[0].body)).toEqual({ filename: 'a.txt', filecontent: Buffer.from('hello').toString('base64') });
    expect(received[0].length).toBe(String(received[0].body.length));
    expect(received[0].agent).toBe('TicketBridge');
    expect(connections).toHaveLength(1);
  });
});
