import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FileTooLargeError, HttpExchange } from '../../../src/plugin-sdk';

describe('HttpExchange', () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('x'.repeat(2000)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses an answer over the limit naming the path, never the query that may hold a token', async () => {
    const err = await new HttpExchange(base)
      .send(`${base}/files/report.pdf?token=q-secret-value`, { method: 'GET', headers: {}, timeoutMs: 5000, maxResponseBytes: 100 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileTooLargeError);
    expect((err as Error).message).toContain('/files/report.pdf');
    expect((err as Error).message).not.toContain('q-secret-value');
  });

  it('reads an answer within the limit whole', async () => {
    const res = await new HttpExchange(base).send(`${base}/files/report.pdf`, {
      method: 'GET',
      headers: {},
      timeoutMs: 5000,
      maxResponseBytes: 2000,
    });
    expect(res.status).toBe(200);
    expect(res.text).toHaveLength(2000);
    expect(res.header('content-type')).toBe('text/plain');
  });
});
