import nock from 'nock';
import {
  AuthError,
  ConnectionError,
  InvalidRequestError,
  IntegrationError,
  RateLimitedError,
  SchemaError,
  ServerError,
  TimeoutError,
  retryDecision,
  type OutboundUpdate,
} from '../../../src/plugin-sdk';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../../plugins/webhook/signature';
import { NOW, NOW_SECONDS, SECRET, makeAdapter } from './helpers';
import { guardNetwork } from '../../support/nock-guard';

const BASE = 'https://desk.example.com';
const URL_WITH_TOKEN = `${BASE}/hooks/ticketbridge?token=q-secret`;

const update: OutboundUpdate = {
  eventId: 'upd-42',
  type: 'erp.status_changed',
  ticketId: 'T-1001',
  occurredAt: new Date('2024-05-01T09:58:00Z'),
  data: { erpRef: 'TS2405-0001', status: 8 },
  note: 'Closed in Dolibarr by Alice',
  state: 'closed',
  fields: { erpRef: 'TS2405-0001' },
};

interface Captured {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Records each request's raw body as sent, since the signature covers the exact bytes. */
function capture(scope: nock.Scope): Captured[] {
  const seen: Captured[] = [];
  scope.on('request', (req: { headers: Captured['headers'] }, _interceptor: unknown, body: string) => seen.push({ headers: req.headers, body }));
  return seen;
}

function deliver(u: OutboundUpdate = update, settings: Record<string, unknown> = {}) {
  return makeAdapter({ outboundUrl: URL_WITH_TOKEN, ...settings }).deliver!(u);
}

async function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IntegrationError);
  const ie = err as IntegrationError;
  expect(ie.system).toBe('acme-desk');
  expect(ie.message).not.toContain('q-secret');
  expect(ie.message).not.toContain(SECRET);
  return ie;
}

guardNetwork();

describe('webhook outbound delivery', () => {
  it('posts the update as signed JSON that verifies with the shared secret', async () => {
    const scope = nock(BASE).post('/hooks/ticketbridge').query({ token: 'q-secret' }).reply(202, '');
    const seen = capture(scope);
    await expect(deliver()).resolves.toEqual({});
    expect(seen).toHaveLength(1);
    const { headers, body } = seen[0];
    expect(JSON.parse(body)).toEqual({
      eventId: 'upd-42',
      type: 'erp.status_changed',
      ticketId: 'T-1001',
      helpdeskId: 'acme-desk',
      source: 'acme-desk',
      occurredAt: '2024-05-01T09:58:00.000Z',
      data: { erpRef: 'TS2405-0001', status: 8 },
      note: 'Closed in Dolibarr by Alice',
      state: 'closed',
      fields: { erpRef: 'TS2405-0001' },
    });
    expect(headers[EVENT_ID_HEADER.toLowerCase()]).toBe('upd-42');
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(headers[TIMESTAMP_HEADER.toLowerCase()]).toBe(String(NOW_SECONDS));
    expect(verifySignature({ secret: SECRET, rawBody: body, headers, nowSeconds: NOW_SECONDS, toleranceSeconds: 300 })).toEqual({
      ok: true,
      timestampSeconds: NOW_SECONDS,
    });
    expect(verifySignature({ secret: 'other', rawBody: body, headers, nowSeconds: NOW_SECONDS, toleranceSeconds: 300 }).ok).toBe(false);
  });

  it('leaves optional members out and sends the same body when the update is delivered again later', async () => {
    const minimal: OutboundUpdate = { eventId: 'upd-7', type: 'duration.updated', ticketId: 'T-5', occurredAt: NOW, data: { hours: 1.5 } };
    const scope = nock(BASE).post('/hooks/ticketbridge').query(true).twice().reply(200, 'ok');
    const seen = capture(scope);
    let clock = NOW;
    const adapter = makeAdapter({ outboundUrl: URL_WITH_TOKEN }, () => clock);
    await adapter.deliver!(minimal);
    clock = new Date(NOW.getTime() + 60_000);
    await adapter.deliver!(minimal);
    expect(Object.keys(JSON.parse(seen[0].body))).toEqual(['eventId', 'type', 'ticketId', 'helpdeskId', 'source', 'occurredAt', 'data']);
    expect(seen[1].body).toBe(seen[0].body);
    expect(seen[1].headers[TIMESTAMP_HEADER.toLowerCase()]).toBe(String(NOW_SECONDS + 60));
    expect(seen[1].headers[SIGNATURE_HEADER.toLowerCase()]).not.toBe(seen[0].headers[SIGNATURE_HEADER.toLowerCase()]);
  });

  it('carries the customer reply and the reminder (ISO 8601 UTC), and declares that the receiver carries them out', async () => {
    const seen = capture(nock(BASE).post('/hooks/ticketbridge').query(true).reply(200, ''));
    const escalation: OutboundUpdate = {
      eventId: 'dev_issue.created:T-1001',
      type: 'dev_issue.created',
      ticketId: 'T-1001',
      occurredAt: NOW,
      data: { devRef: '42' },
      note: 'ProjeQtor #42 opened',
      reply: 'A development ticket was opened.',
      remindAt: new Date('2024-05-15T07:00:00+02:00'),
    };
    await deliver(escalation);
    expect(JSON.parse(seen[0].body)).toMatchObject({
      type: 'dev_issue.created',
      note: 'ProjeQtor #42 opened',
      reply: 'A development ticket was opened.',
      remindAt: '2024-05-15T05:00:00.000Z',
    });
    const adapter = makeAdapter({ outboundUrl: URL_WITH_TOKEN });
    expect(adapter).toMatchObject({ customerReplies: true, reminders: true });
    expect(makeAdapter()).not.toHaveProperty('customerReplies');
  });

  it('returns the article ids a receiver reports, and refuses malformed ones', async () => {
    nock(BASE)
      .post('/hooks/ticketbridge')
      .query(true)
      .reply(200, { createdArticleIds: ['A-77'] });
    await expect(deliver()).resolves.toEqual({ createdArticleIds: ['A-77'] });
    nock(BASE)
      .post('/hooks/ticketbridge')
      .query(true)
      .reply(200, { createdArticleIds: [77] });
    const err = await failure(deliver());
    expect(err).toBeInstanceOf(SchemaError);
    expect(err.field).toBe('createdArticleIds.0');
    nock(BASE).post('/hooks/ticketbridge').query(true).reply(200, { received: true });
    await expect(deliver()).resolves.toEqual({});
  });

  it.each([502, 503, 504])('maps %i to a transient ServerError without retrying inside the plugin', async (status) => {
    const seen = capture(nock(BASE).post('/hooks/ticketbridge').query(true).reply(status, 'database is down'));
    const err = await failure(deliver());
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(status);
    expect(err.remoteMessage).toBe('database is down');
    expect(err.transient).toBe(true);
    expect(retryDecision(err).retry).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('maps 500 to a permanent ServerError: the receiver failed on this very event', async () => {
    nock(BASE).post('/hooks/ticketbridge').query(true).reply(500, 'undefined is not a function');
    const err = await failure(deliver());
    expect(err).toBeInstanceOf(ServerError);
    expect(err.remoteMessage).toBe('undefined is not a function');
    expect(retryDecision(err).retry).toBe(false);
  });

  it('maps 429 to a rate limit carrying Retry-After in seconds or as a date', async () => {
    nock(BASE).post('/hooks/ticketbridge').query(true).reply(429, '', { 'Retry-After': '7' });
    const seconds = await failure(deliver());
    expect(seconds).toBeInstanceOf(RateLimitedError);
    expect(seconds.transient).toBe(true);
    expect(retryDecision(seconds)).toMatchObject({ retry: true, waitMs: 7000 });

    nock(BASE)
      .post('/hooks/ticketbridge')
      .query(true)
      .reply(429, '', { 'Retry-After': new Date(NOW.getTime() + 30_000).toUTCString() });
    expect((await failure(deliver())).retryAfterMs).toBe(30_000);
  });

  it.each([
    [400, InvalidRequestError],
    [422, InvalidRequestError],
    [401, AuthError],
    [302, InvalidRequestError],
  ])('maps %i to a permanent %p', async (status, type) => {
    nock(BASE)
      .post('/hooks/ticketbridge')
      .query(true)
      .reply(status, 'no', { Location: `${BASE}/elsewhere` });
    const err = await failure(deliver());
    expect(err).toBeInstanceOf(type);
    expect(err.transient).toBe(false);
    expect(retryDecision(err).retry).toBe(false);
    expect(err.path).toBe('/hooks/ticketbridge');
  });

  it('maps a timeout to a transient TimeoutError', async () => {
    nock(BASE).post('/hooks/ticketbridge').query(true).delay(500).reply(200, 'late');
    const err = await failure(deliver(update, { outboundTimeoutMs: 100 }));
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.transient).toBe(true);
  });

  it('maps a refused connection to a transient ConnectionError', async () => {
    nock(BASE).post('/hooks/ticketbridge').query(true).replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:443' });
    const err = await failure(deliver());
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.transient).toBe(true);
  });
});

describe('webhook outbound delivery in batches (outboundBatch)', () => {
  const linked: OutboundUpdate = {
    eventId: 'erp.ticket_linked:acme-desk:T-1001:57',
    type: 'erp.ticket_linked',
    ticketId: 'T-1001',
    occurredAt: NOW,
    data: { erpId: 57, erpRef: 'TS2405-0001' },
    fields: { erpRef: 'TS2405-0001' },
  };

  function deliverMany(updates: OutboundUpdate[]) {
    return makeAdapter({ outboundUrl: URL_WITH_TOKEN, outboundBatch: true }).deliverMany!(updates);
  }

  it('posts the updates as one signed { "events": [...] }, each event as it would be sent alone', async () => {
    const alone = capture(nock(BASE).post('/hooks/ticketbridge').query(true).twice().reply(200, ''));
    await deliver(linked);
    await deliver(update);
    const seen = capture(nock(BASE).post('/hooks/ticketbridge').query({ token: 'q-secret' }).reply(200, ''));

    await expect(deliverMany([linked, update])).resolves.toEqual({});

    expect(seen).toHaveLength(1);
    const { headers, body } = seen[0];
    expect(JSON.parse(body)).toEqual({ events: [JSON.parse(alone[0].body), JSON.parse(alone[1].body)] });
    expect(headers).not.toHaveProperty(EVENT_ID_HEADER.toLowerCase());
    expect(verifySignature({ secret: SECRET, rawBody: body, headers, nowSeconds: NOW_SECONDS, toleranceSeconds: 300 }).ok).toBe(true);
  });

  it('returns the article ids the receiver reports for the batch', async () => {
    nock(BASE)
      .post('/hooks/ticketbridge')
      .query(true)
      .reply(200, { createdArticleIds: ['A-77'] });
    await expect(deliverMany([linked, update])).resolves.toEqual({ createdArticleIds: ['A-77'] });
  });

  it('splits more than 100 updates into requests of at most 100, as inbound batches are limited', async () => {
    const seen = capture(nock(BASE).post('/hooks/ticketbridge').query(true).twice().reply(200, ''));
    const many = Array.from({ length: 150 }, (_, i) => ({ ...update, eventId: `upd-${i}` }));
    await deliverMany(many);
    expect(seen.map((s) => (JSON.parse(s.body) as { events: unknown[] }).events.length)).toEqual([100, 50]);
  });

  it('maps a failed batch as a single delivery: 503 is transient, 401 permanent', async () => {
    nock(BASE).post('/hooks/ticketbridge').query(true).reply(503, 'busy');
    const busy = await failure(deliverMany([linked, update]));
    expect(busy).toBeInstanceOf(ServerError);
    expect(retryDecision(busy).retry).toBe(true);
    nock(BASE).post('/hooks/ticketbridge').query(true).reply(401, 'bad signature');
    const refused = await failure(deliverMany([linked, update]));
    expect(refused).toBeInstanceOf(AuthError);
    expect(retryDecision(refused).retry).toBe(false);
  });

  it('is off unless configured: receivers written for one event per request keep getting one', () => {
    expect(makeAdapter({ outboundUrl: URL_WITH_TOKEN })).not.toHaveProperty('deliverMany');
    expect(makeAdapter({ outboundUrl: URL_WITH_TOKEN, outboundBatch: true })).toHaveProperty('deliverMany');
    expect(makeAdapter({ outboundBatch: true })).not.toHaveProperty('deliverMany');
  });
});
