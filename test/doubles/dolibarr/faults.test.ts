import axios from 'axios';
import { API_KEY, startForTest, type Started } from './test-support';

describe('Dolibarr double faults', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startForTest();
  });
  beforeEach(() => s.control.post('/reset'));
  afterAll(() => s.double.close());

  it('answers the next N matching requests with 500/503, then recovers', async () => {
    await s.control.post('/faults', { kind: '503', method: 'GET', path: '^/status$', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await s.api.get('/status')).status);
    expect(statuses).toEqual([503, 503, 200]);
    await s.control.post('/faults', { kind: '500', path: '^/tickets' });
    expect((await s.api.get('/status')).status).toBe(200);
    const failed = await s.api.get('/tickets');
    expect([failed.status, failed.data.error.code]).toEqual([500, 500]);
  });

  it("answers 400 and 403 in Restler shape, and the firewall's 403 HTML page", async () => {
    await s.control.post('/faults', { kind: '400', path: '^/contacts' });
    await s.control.post('/faults', { kind: '403', path: '^/contacts' });
    await s.control.post('/faults', { kind: 'waf403', path: '^/contacts' });
    const bad = await s.api.get('/contacts');
    const forbidden = await s.api.get('/contacts');
    const waf = await s.api.get('/contacts');
    expect([bad.status, bad.data.error.code, forbidden.status, forbidden.data.error.code]).toEqual([400, 400, 403, 403]);
    expect(waf.status).toBe(403);
    expect(String(waf.data)).toContain('SQL or Script injection protection');
  });

  it('answers 429 with Retry-After', async () => {
    await s.control.post('/faults', { kind: '429', retryAfterSeconds: 7 });
    const res = await s.api.get('/status');
    expect([res.status, res.headers['retry-after']]).toEqual([429, '7']);
  });

  it('destroys the socket, hangs until the client times out, and stays down until cleared', async () => {
    await s.control.post('/faults', { kind: 'destroy' });
    await expect(s.api.get('/status')).rejects.toMatchObject({ code: 'ECONNRESET' });
    await s.control.post('/faults', { kind: 'hang' });
    const impatient = axios.create({ baseURL: s.double.url, headers: { DOLAPIKEY: API_KEY }, timeout: 200 });
    await expect(impatient.get('/status')).rejects.toMatchObject({ code: 'ECONNABORTED' });
    await s.control.post('/faults', { kind: 'down' });
    await expect(s.api.get('/status')).rejects.toBeTruthy();
    await expect(s.api.get('/tickets')).rejects.toBeTruthy();
    await s.control.delete('/faults');
    expect((await s.api.get('/status')).status).toBe(200);
  });

  it('rejects a bad fault body naming the field and logs calls with their status', async () => {
    const bad = await s.control.post('/faults', { kind: '418' });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toContain('kind');
    await s.api.get('/tickets/1');
    await s.api.get('/tickets/2');
    const state = (await s.control.get('/state')).data;
    expect(state.callCounts).toEqual({ 'GET /tickets/{id} 404': 2 });
  });
});

describe('Dolibarr double closing its connections', () => {
  it('closes the connection after every API answer, as the PHP built-in server serving a test Dolibarr does', async () => {
    const closing = await startForTest({ closeConnections: true });
    const keeping = await startForTest();
    try {
      expect((await closing.api.get('/status')).headers.connection).toBe('close');
      expect((await keeping.api.get('/status')).headers.connection).not.toBe('close');
    } finally {
      await Promise.all([closing.double.close(), keeping.double.close()]);
    }
  });
});
