import { PassThrough } from 'node:stream';
import {
  AuthError,
  ConnectionError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  SchemaError,
  ServerError,
  TimeoutError,
} from '../../../src/plugin-sdk';
import { createRootLogger } from '../../../src/logging/logger';
import { ADMIN_KEY, API_ROOT, dolibarr, intercept, loadRecording, makeClient, makeErpUser, rawBody, setupNock, TECH_KEY } from './recording';

setupNock();

const ticketBody = () => rawBody(loadRecording('ticket_get_full'));

describe('error mapping from recorded answers', () => {
  it('401 wrong key → AuthError with Dolibarr message', async () => {
    intercept('error_401_bad_key');
    const { client } = makeClient({ apiKey: 'wrongkey123456' });
    const err = await client.getTicket(2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ system: 'dolibarr', method: 'GET', path: '/tickets/2', status: 401 });
    expect((err as AuthError).remoteMessage).toMatch(/Error user not valid/);
  });

  it('403 missing right → ForbiddenError (not mapped to null by find methods)', async () => {
    intercept('error_403_no_rights');
    const { client } = makeClient({ apiKey: TECH_KEY });
    await expect(client.getTicket(2)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('200 text/html "Module Api must be enabled" → ForbiddenError saying so', async () => {
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(200, 'Module <b>Api</b> must be enabled.', { 'content-type': 'text/html' });
    const { client } = makeClient();
    await expect(client.getTicket(2)).rejects.toThrow(ForbiddenError);
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(200, 'Module <b>Api</b> must be enabled.', { 'content-type': 'text/html' });
    await expect(client.getTicket(2)).rejects.toThrow(/"API REST" module is disabled/);
  });

  it('400 → InvalidRequestError; 404 on a write → NotFoundError', async () => {
    intercept('agendaevent_create_missing_type', { body: () => true });
    intercept('ticket_delete_again_404');
    await expect(
      makeErpUser().createAgendaEvent({ label: 'x', note: '', typeCode: '', userOwnerId: 1, datep: new Date(1795359263000) }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(makeErpUser().deleteTicket(3)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('503 SQL error → ServerError, not transient, not retried', async () => {
    const sql = loadRecording('sqlfilters_unknown_column');
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(503, rawBody(sql), { 'content-type': 'application/json' });
    const { client, sleeps } = makeClient();
    const err = await client.getTicket(2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).transient).toBe(false);
    expect((err as ServerError).remoteMessage).toMatch(/Unknown column/);
    expect(sleeps).toEqual([]);
  });

  it('501 text/plain "API not found" → ServerError', async () => {
    dolibarr().get(`${API_ROOT}/status`).reply(501, 'API not found (failed to include API file)', { 'content-type': 'text/plain' });
    const { client } = makeClient();
    await expect(client.status()).rejects.toMatchObject({ kind: 'server', status: 501, remoteMessage: 'API not found (failed to include API file)' });
  });

  it('500 with an empty body → ServerError, read without hanging', async () => {
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(500, '', { 'content-type': 'text/html' });
    const { client } = makeClient();
    await expect(client.getTicket(2)).rejects.toMatchObject({ kind: 'server', status: 500 });
  });

  it('an unexpected response shape → SchemaError naming the endpoint and field', async () => {
    const body = JSON.parse(ticketBody()) as Record<string, unknown>;
    dolibarr()
      .get(`${API_ROOT}/tickets/2`)
      .reply(200, JSON.stringify({ ...body, tms: 'not a date' }));
    const { client } = makeClient();
    const err = await client.getTicket(2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaError);
    expect((err as SchemaError).field).toBe('tms');
    expect((err as SchemaError).message).toMatch(/GET \/tickets\/\{id\}/);
  });
});

describe('retries', () => {
  it('honours Retry-After on 429, then succeeds', async () => {
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(429, '{"error":{"code":429,"message":"Too Many Requests"}}', { 'retry-after': '1' });
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(200, ticketBody());
    const { client, sleeps } = makeClient();
    expect((await client.getTicket(2))!.id).toBe(2);
    expect(sleeps).toEqual([1000]);
  });

  it('says in the log that it slowed down on a 429, and calls on at half the concurrency', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (c: Buffer) => lines.push(c.toString()));
    const logger = createRootLogger({ level: 'info', stream });
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(429, '{"error":{"code":429,"message":"Too Many Requests"}}', { 'retry-after': '1' });
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(200, ticketBody());
    const { client } = makeClient({ concurrency: 4 }, { logger });
    expect((await client.getTicket(2))!.id).toBe(2);
    await new Promise((r) => setImmediate(r));
    const lowered = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === 'dolibarr call limit lowered: Dolibarr is overloaded');
    expect(lowered).toMatchObject({ level: 'warn', limit: 2, previous: 4, reason: 'rate-limited', pauseMs: 1000 });
  });

  it('retries a 429 even on a create (it was refused, not executed)', async () => {
    dolibarr().post(`${API_ROOT}/contacts`).reply(429, '', { 'retry-after': '0' });
    dolibarr().post(`${API_ROOT}/contacts`).reply(200, '3');
    const { client, sleeps } = makeClient();
    expect(await client.createContact({ socid: 1, lastname: 'X' })).toBe(3);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up with RateLimitedError when Retry-After exceeds retryMaxMs', async () => {
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(429, '', { 'retry-after': '3600' });
    const { client, sleeps } = makeClient();
    const err = await client.getTicket(2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect(sleeps).toEqual([]);
  });

  it('retries a transient 503 with growing backoff, then succeeds', async () => {
    dolibarr().get(`${API_ROOT}/tickets/2`).times(2).reply(503, '');
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(200, ticketBody());
    const { client, sleeps } = makeClient();
    expect((await client.getTicket(2))!.id).toBe(2);
    expect(sleeps).toEqual([75, 150]);
  });

  it('gives up after maxRetries on a reads that keep timing out', async () => {
    dolibarr().get(`${API_ROOT}/tickets/2`).times(3).delay(200).reply(200, ticketBody());
    const { client, sleeps } = makeClient({ maxRetries: 2, timeoutMs: 20 });
    await expect(client.getTicket(2)).rejects.toBeInstanceOf(TimeoutError);
    expect(sleeps).toHaveLength(2);
  });

  it('retries a connection reset on a read; maps refused/reset/hang-up to ConnectionError', async () => {
    dolibarr().get(`${API_ROOT}/tickets/2`).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(200, ticketBody());
    const { client } = makeClient();
    expect((await client.getTicket(2))!.id).toBe(2);
    dolibarr().get(`${API_ROOT}/tickets/3`).times(4).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    await expect(client.getTicket(3)).rejects.toBeInstanceOf(ConnectionError);
  });

  it('does not retry a create after a connection reset (it may have been executed)', async () => {
    dolibarr().post(`${API_ROOT}/interventions`).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    const { client, sleeps } = makeClient();
    await expect(client.createIntervention({ socid: 1, description: 'x' })).rejects.toBeInstanceOf(ConnectionError);
    expect(sleeps).toEqual([]);
  });

  it('resends a create refused at connection time (never received)', async () => {
    dolibarr().post(`${API_ROOT}/interventions`).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    dolibarr().post(`${API_ROOT}/interventions`).reply(200, '9');
    const { client } = makeClient();
    expect(await client.createIntervention({ socid: 1, description: 'x' })).toBe(9);
  });
});

describe('the API key', () => {
  it('never appears in errors or log lines, and requests carry it only as the DOLAPIKEY header', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (c: Buffer) => lines.push(c.toString()));
    const logger = createRootLogger({ level: 'debug', stream });
    dolibarr()
      .get(`${API_ROOT}/tickets/2`)
      .query((q) => !('DOLAPIKEY' in q) && !('api_key' in q))
      .reply(503, '');
    dolibarr().get(`${API_ROOT}/tickets/2`).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    dolibarr()
      .get(`${API_ROOT}/tickets/2`)
      .reply(401, rawBody(loadRecording('error_401_bad_key')));
    const { client } = makeClient({}, { logger });
    const err = await client.getTicket(2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    await new Promise((r) => setImmediate(r));
    const everything = [
      JSON.stringify((err as AuthError).toLog()),
      (err as Error).message,
      String((err as Error).stack),
      JSON.stringify((err as Error).cause ?? null),
      ...lines,
    ].join('\n');
    expect(lines.some((l) => l.includes('"status":503'))).toBe(true);
    expect(everything).not.toContain(ADMIN_KEY);
    expect(everything).not.toMatch(/DOLAPIKEY=/i);
  });
});

describe('every HTTP attempt is reported (the calls counter on /metrics)', () => {
  it('names the endpoint without ids or looked-up values, and counts a retried attempt and a failed connection', async () => {
    const calls: unknown[] = [];
    const { client } = makeClient({ maxRetries: 1 }, { onCall: (c) => calls.push(c) });
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(503, '{"error":{"code":503,"message":"Service Unavailable"}}');
    dolibarr().get(`${API_ROOT}/tickets/2`).reply(200, ticketBody(), { 'content-type': 'application/json' });
    await client.getTicket(2);
    dolibarr().get(`${API_ROOT}/tickets/track_id/tb_hook_41`).reply(404, '{"error":{"code":404,"message":"Not Found"}}');
    expect(await client.getTicketByTrackId('tb_hook_41')).toBeNull();
    dolibarr().get(`${API_ROOT}/users/login/jdoe`).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    dolibarr().get(`${API_ROOT}/users/login/jdoe`).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    await expect(client.findUserByLogin('jdoe')).rejects.toBeInstanceOf(ConnectionError);
    expect(calls).toEqual([
      { method: 'GET', endpoint: '/tickets/{id}', status: 503 },
      { method: 'GET', endpoint: '/tickets/{id}', status: 200 },
      { method: 'GET', endpoint: '/tickets/track_id/{value}', status: 404 },
      { method: 'GET', endpoint: '/users/login/{value}', status: 'failed' },
      { method: 'GET', endpoint: '/users/login/{value}', status: 'failed' },
    ]);
  });
});
