import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  RedisAccountCaches,
  RedisCache,
  RedisDurationMemory,
  RedisEchoMarkers,
  RedisErpStatusMemory,
  RedisErpTicketMemory,
  RedisHelpdeskStateMemory,
  RedisOnceStore,
  RedisPollCursors,
} from '../../../src/store';
import { RedisOutbox } from '../../../src/store/outbox-store';
import { addRecentMark, hasRecentMark, marksKey } from '../../../src/store/recent-marks';
import { redisEnv, type RedisEnv } from './redis-env';
import { roundTripsDuring } from './round-trips';

describe('small Redis stores', () => {
  let env: RedisEnv;
  beforeEach(() => {
    env = redisEnv('small');
  });
  afterEach(() => env.cleanup());

  it('poll cursors: unknown is null, the last value set wins, names are independent', async () => {
    const cursors = new RedisPollCursors(env.redis, env.keys);
    expect(await cursors.get('znuny')).toBeNull();
    await cursors.set('znuny', '2026-01-01T00:00:00Z|17');
    await cursors.set('znuny', '2026-01-01T00:00:05Z|18');
    await cursors.set('rt', '991');
    expect(await cursors.get('znuny')).toBe('2026-01-01T00:00:05Z|18');
    expect(await cursors.get('rt')).toBe('991');
  });

  it('ERP status and duration memories: numbers per ERP id, unknown is null, kept without expiry', async () => {
    const status = new RedisErpStatusMemory(env.redis, env.keys);
    const durations = new RedisDurationMemory(env.redis, env.keys);
    expect(await status.get(5)).toBeNull();
    await status.set(5, 3);
    await durations.set(5, 5400);
    expect(await status.get(5)).toBe(3);
    expect(await durations.get(5)).toBe(5400);
    expect(await status.get(6)).toBeNull();
    expect(await env.redis.ttl(env.keys.key('erp-status', 'b0'))).toBe(-1);
  });

  it('ERP statuses share hashes of 128 ERP ids; one written per key by an earlier version is read, and replaced on write', async () => {
    const status = new RedisErpStatusMemory(env.redis, env.keys);
    for (let id = 1; id <= 200; id += 1) await status.set(id, id % 9);
    expect(await env.redis.keys(`${env.keys.prefix}erp-status:*`)).toHaveLength(2);
    expect(await env.redis.hget(env.keys.key('erp-status', 'b1'), '130')).toBe('4');
    await env.redis.set(env.keys.key('erp-status', 900), '5');
    expect(await status.get(900)).toBe(5);
    await status.set(900, 8);
    expect(await status.get(900)).toBe(8);
    expect(await env.redis.exists(env.keys.key('erp-status', 900))).toBe(0);
  });

  it('memories written as cursors by an older version are still read, so an upgrade reports no status again', async () => {
    await env.redis.set(env.keys.key('cursor', 'erp-status', 7), '8');
    await env.redis.set(env.keys.key('cursor', 'hd-state', 'znuny', '42'), 'open');
    await env.redis.set(env.keys.key('cursor', 'hd-state-delivered', 'znuny', '42'), 'pending');
    const states = new RedisHelpdeskStateMemory(env.redis, env.keys);
    expect(await new RedisErpStatusMemory(env.redis, env.keys).get(7)).toBe(8);
    expect(await states.getMirrored({ helpdeskId: 'znuny', ticketId: '42' })).toBe('open');
    expect(await states.takeDelivered({ helpdeskId: 'znuny', ticketId: '42' })).toBe('pending');
    expect(await states.takeDelivered({ helpdeskId: 'znuny', ticketId: '42' })).toBeNull();
  });

  it('memories are read in one round trip whichever layout holds them, also when none does (a ticket not mirrored yet)', async () => {
    const states = new RedisHelpdeskStateMemory(env.redis, env.keys);
    const status = new RedisErpStatusMemory(env.redis, env.keys);
    const durations = new RedisDurationMemory(env.redis, env.keys);
    await env.redis.set(env.keys.key('cursor', 'hd-state', 'znuny', '42'), 'open');
    await env.redis.set(env.keys.key('cursor', 'erp-status', 7), '8');
    await env.redis.set(env.keys.key('cursor', 'duration', 7), '600');
    const reads: unknown[] = [];
    const read = async (fn: () => Promise<unknown>) => roundTripsDuring(env.redis, async () => void reads.push(await fn()));
    expect(await read(() => states.getMirrored({ helpdeskId: 'znuny', ticketId: '42' }))).toBe(1);
    expect(await read(() => states.getMirrored({ helpdeskId: 'znuny', ticketId: '43' }))).toBe(1);
    expect(await read(() => status.get(7))).toBe(1);
    expect(await read(() => status.get(8))).toBe(1);
    expect(await read(() => durations.get(7))).toBe(1);
    expect(await read(() => durations.get(8))).toBe(1);
    expect(reads).toEqual(['open', null, 8, null, 600, null]);
  });

  it('helpdesk state memory: the delivered state can be looked at without forgetting it, in one round trip from either layout', async () => {
    const states = new RedisHelpdeskStateMemory(env.redis, env.keys);
    const key = { helpdeskId: 'znuny', ticketId: '9' };
    await env.redis.set(env.keys.key('cursor', 'hd-state-delivered', 'znuny', '8'), 'pending');
    await states.setDelivered(key, 'waiting_customer');
    let seen: unknown[] = [];
    const look = async () => void (seen = await Promise.all([states.getDelivered(key), states.getDelivered({ helpdeskId: 'znuny', ticketId: '8' })]));
    expect(await roundTripsDuring(env.redis, look)).toBe(1);
    expect(seen).toEqual(['waiting_customer', 'pending']);
    expect(await states.takeDelivered(key)).toBe('waiting_customer');
    expect(await states.getDelivered(key)).toBeNull();
  });

  it('helpdesk state memory: the delivered state is read once; the mirrored one stays', async () => {
    const states = new RedisHelpdeskStateMemory(env.redis, env.keys);
    const key = { helpdeskId: 'znuny', ticketId: '9' };
    await states.setMirrored(key, 'open');
    await states.setDelivered(key, 'waiting_customer');
    expect(await states.takeDelivered(key)).toBe('waiting_customer');
    expect(await states.takeDelivered(key)).toBeNull();
    expect(await states.getMirrored(key)).toBe('open');
    expect(await states.getMirrored({ helpdeskId: 'znuny', ticketId: '10' })).toBeNull();
  });

  it('echo markers: a marked key is consumed exactly once, even by concurrent callers', async () => {
    const echo = new RedisEchoMarkers(env.redis, env.keys);
    expect(await echo.consume('dolibarr:ticket:5:status')).toBe(false);
    await echo.mark('dolibarr:ticket:5:status');
    const results = await Promise.all(Array.from({ length: 10 }, () => echo.consume('dolibarr:ticket:5:status')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await echo.consume('dolibarr:ticket:5:status')).toBe(false);
  });

  it('echo markers: which of several keys are marked is told in one round trip, and none is consumed', async () => {
    const echo = new RedisEchoMarkers(env.redis, env.keys);
    await echo.mark('note:a');
    await echo.mark('note:c');
    let marked: boolean[] = [];
    expect(await roundTripsDuring(env.redis, async () => void (marked = await echo.marked(['note:a', 'note:b', 'note:c'])))).toBe(1);
    expect(marked).toEqual([true, false, true]);
    expect(await echo.consume('note:a')).toBe(true);
    expect(await echo.consume('note:c')).toBe(true);
  });

  it('echo markers expire after their TTL', async () => {
    const echo = new RedisEchoMarkers(env.redis, env.keys);
    await echo.mark('k', 1);
    const ttl = await env.redis.ttl(env.keys.key('echo', 'k'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1);
    await env.redis.pexpire(env.keys.key('echo', 'k'), 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await echo.consume('k')).toBe(false);
  });

  it('once: the first claim wins, namespaces are separate, release allows a new claim', async () => {
    const once = new RedisOnceStore(env.redis, env.keys);
    const claims = await Promise.all(Array.from({ length: 8 }, () => once.claim('delivery', 'evt-1')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await once.has('delivery', 'evt-1')).toBe(true);
    expect(await once.has('webhook', 'evt-1')).toBe(false);
    expect(await once.claim('webhook', 'evt-1')).toBe(true);
    await once.release('delivery', 'evt-1');
    expect(await once.has('delivery', 'evt-1')).toBe(false);
    expect(await once.claim('delivery', 'evt-1')).toBe(true);
  });

  it('once: a long key is claimed under a short digest; a claim an earlier version made under the long key still counts', async () => {
    const once = new RedisOnceStore(env.redis, env.keys);
    const long = 'ticket-mx9ptxek-182-18967-1796433025678-713-with-a-long-tail';
    const claims = await Promise.all(Array.from({ length: 6 }, () => once.claim('inbound:webhook', long, 60)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const [key] = await env.redis.keys(`${env.keys.prefix}once:*`);
    expect(key.length).toBeLessThan(env.keys.prefix.length + 'once:inbound:webhook:#'.length + 23);
    expect(await env.redis.ttl(key)).toBeGreaterThan(0);
    expect(await once.has('inbound:webhook', long)).toBe(true);

    const older = `${long}-claimed-before-the-upgrade`;
    await env.redis.set(env.keys.key('once', 'inbound:webhook', older), '1');
    expect(await once.has('inbound:webhook', older)).toBe(true);
    expect(await once.claim('inbound:webhook', older)).toBe(false);
    await once.release('inbound:webhook', older);
    expect(await once.has('inbound:webhook', older)).toBe(false);
    expect(await once.claim('inbound:webhook', older)).toBe(true);
  });

  it('once: recent claims of a ticket share one hash that expires with its newest claim; lapsed claims no longer count', async () => {
    const once = new RedisOnceStore(env.redis, env.keys);
    const ticket = { helpdeskId: 'webhook', ticketId: '42' };
    const ids = ['webhook-delivery-0001-ticket-42-article-added-1', 'e2', 'e3', 'e4'];
    for (const id of ids) expect(await once.claimRecent('inbound', ticket, id, 600)).toBe(true);
    expect(await once.claimRecent('inbound', ticket, 'e2', 600)).toBe(false);
    for (const id of ids) expect(await once.hasRecent('inbound', ticket, id, 600)).toBe(true);
    expect(await once.hasRecent('inbound', { helpdeskId: 'webhook', ticketId: '43' }, 'e2', 600)).toBe(false);
    expect(await once.hasRecent('other', ticket, 'e2', 600)).toBe(false);
    const key = env.keys.key('marks', 'webhook', '42');
    expect(await env.redis.keys(`${env.keys.prefix}*`)).toEqual([key]);
    expect(await env.redis.hlen(key)).toBe(4);
    expect(await env.redis.ttl(key)).toBeGreaterThan(590);
    expect(Number(await env.redis.call('MEMORY', 'USAGE', key))).toBeLessThan(180);
    // A lapsed claim: not held, and dropped when the next claim is added.
    const [field] = await env.redis.hkeys(key);
    await env.redis.hset(key, field, String(Math.floor(Date.now() / 1000) - 1));
    expect(await env.redis.hlen(key)).toBe(4);
    expect(await once.claimRecent('inbound', ticket, 'e5', 600)).toBe(true);
    expect(await env.redis.hlen(key)).toBe(4);
  });

  it('once: inbound claims an earlier version kept in a hash per ticket (marked-at values) still count within their window', async () => {
    const once = new RedisOnceStore(env.redis, env.keys);
    const ticket = { helpdeskId: 'webhook', ticketId: '42' };
    const legacy = env.keys.key('once', 'recent', 'inbound', 'webhook', '42');
    const now = Math.floor(Date.now() / 1000);
    // The fields that version wrote: 8 base64url characters of the id's SHA-256.
    const digest = (id: string) => createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 8);
    await env.redis.hset(legacy, { [digest('seen-before')]: String(now - 60), [digest('seen-long-ago')]: String(now - 700) });
    await env.redis.expire(legacy, 600);
    expect(await once.hasRecent('inbound', ticket, 'seen-before', 600)).toBe(true);
    expect(await once.claimRecent('inbound', ticket, 'seen-before', 600)).toBe(false);
    expect(await once.hasRecent('inbound', ticket, 'seen-long-ago', 600)).toBe(false);
    expect(await once.claimRecent('inbound', ticket, 'seen-long-ago', 600)).toBe(true);
    expect(await once.claimRecent('inbound', ticket, 'new', 600)).toBe(true);
    expect(await env.redis.hlen(env.keys.key('marks', 'webhook', '42'))).toBe(2);
  });

  it('once: inbound claims earlier versions made one key each still count as recent claims', async () => {
    const once = new RedisOnceStore(env.redis, env.keys);
    const ticket = { helpdeskId: 'webhook', ticketId: '42' };
    const long = 'webhook-delivery-0002-ticket-42-article-added-2';
    await once.claim('inbound:webhook', long, 600);
    await once.claim('inbound:webhook', 'short-id', 600);
    await env.redis.set(env.keys.key('once', 'inbound:webhook', 'delivery-before-digests-were-used-0003'), '1', 'EX', 600);
    expect(await once.hasRecent('inbound', ticket, long, 600)).toBe(true);
    expect(await once.hasRecent('inbound', ticket, 'short-id', 600)).toBe(true);
    expect(await once.hasRecent('inbound', ticket, 'delivery-before-digests-were-used-0003', 600)).toBe(true);
    expect(await once.claimRecent('inbound', ticket, 'short-id', 600)).toBe(false);
    expect(await once.claimRecent('inbound', ticket, long, 600)).toBe(false);
    expect(await once.claimRecent('inbound', ticket, 'delivery-before-digests-were-used-0003', 600)).toBe(false);
    expect(await once.hasRecent('inbound', ticket, 'other', 600)).toBe(false);
    expect(await once.claimRecent('inbound', ticket, 'other', 600)).toBe(true);
  });

  it('once: a claim with a TTL expires, one without is kept', async () => {
    const once = new RedisOnceStore(env.redis, env.keys);
    await once.claim('ns', 'short', 60);
    await once.claim('ns', 'forever');
    expect(await env.redis.ttl(env.keys.key('once', 'ns', 'short'))).toBeGreaterThan(0);
    expect(await env.redis.ttl(env.keys.key('once', 'ns', 'forever'))).toBe(-1);
  });

  it('cache: values round-trip as JSON with a TTL; a schema restores dates and rejects stale shapes', async () => {
    const plain = new RedisCache<{ id: number; tags: string[] }>(env.redis, env.keys, 'thirdparty');
    expect(await plain.get('a@b.c')).toBeUndefined();
    await plain.set('a@b.c', { id: 7, tags: [] }, 30);
    expect(await plain.get('a@b.c')).toEqual({ id: 7, tags: [] });
    expect(await env.redis.ttl(env.keys.key('cache', 'thirdparty', 'a@b.c'))).toBeGreaterThan(0);

    const schema = z.object({ id: z.number(), at: z.coerce.date() });
    const typed = new RedisCache(env.redis, env.keys, 'contract', schema);
    await typed.set('7', { id: 7, at: new Date('2026-03-01T10:00:00Z') }, 30);
    const got = await typed.get('7');
    expect(got?.at).toBeInstanceOf(Date);
    expect(got?.at.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    await env.redis.set(env.keys.key('cache', 'contract', '8'), JSON.stringify({ ident: 8 }));
    expect(await typed.get('8')).toBeUndefined();
  });
});

describe('perf stores', () => {
  let env: RedisEnv;
  beforeEach(() => {
    env = redisEnv('perf-stores');
  });
  afterEach(() => env.cleanup());

  it('outbox: a delivered update leaves only a small marker, and the same event id is still not stored again', async () => {
    const outbox = new RedisOutbox(env.redis, env.keys);
    const update = {
      eventId: 'e1',
      type: 'erp.message_added',
      occurredAt: new Date('2026-12-04T10:00:00Z'),
      ticketId: '7',
      data: { text: 'x'.repeat(500) },
    } as never;
    const ticket = { helpdeskId: 'znuny', ticketId: '7' };
    expect(await outbox.put('znuny', update)).toBe('stored');
    // What a delivery reads: not delivered, and the update as stored, its instant a date again.
    expect(await outbox.stored(ticket, 'e1')).toEqual({ delivered: false, update });
    expect(await outbox.put('znuny', update)).toBe('undelivered');
    await outbox.markDelivered(ticket, 'e1');
    expect((await outbox.stored(ticket, 'e1')).delivered).toBe(true);
    expect(await outbox.stored(ticket, 'e1')).toEqual({ delivered: true, update: null });
    expect(await outbox.put('znuny', update)).toBe('delivered');
    expect(await outbox.get('znuny', 'e1')).toBeNull();
    // The ticket's one hash of recent marks holds its delivered markers.
    await outbox.put('znuny', { ...(update as object), eventId: 'e2' } as never);
    await outbox.markDelivered(ticket, 'e2');
    const marks = env.keys.key('marks', 'znuny', '7');
    expect(await env.redis.keys(`${env.keys.prefix}*`)).toEqual([marks]);
    expect(await env.redis.hlen(marks)).toBe(2);
    expect(Number(await env.redis.call('MEMORY', 'USAGE', marks))).toBeLessThan(160);
    expect(await env.redis.ttl(marks)).toBeGreaterThan(29 * 24 * 3600);
  });

  it("one hash holds a ticket's inbound claims and delivered updates, each kind lapsing at its own age", async () => {
    const outbox = new RedisOutbox(env.redis, env.keys);
    const once = new RedisOnceStore(env.redis, env.keys);
    const ticket = { helpdeskId: 'znuny', ticketId: '7' };
    const marks = env.keys.key('marks', 'znuny', '7');
    expect(await once.claimRecent('inbound', ticket, 'ev-1', 7 * 24 * 3600)).toBe(true);
    expect(await env.redis.ttl(marks)).toBeLessThanOrEqual(7 * 24 * 3600);
    await outbox.markDelivered(ticket, 'ev-1');
    // The same id as the other kind is a mark of its own.
    expect(await env.redis.hlen(marks)).toBe(2);
    expect((await outbox.stored(ticket, 'ev-2')).delivered).toBe(false);
    expect(await once.hasRecent('inbound', ticket, 'ev-1', 7 * 24 * 3600)).toBe(true);
    expect((await outbox.stored(ticket, 'ev-1')).delivered).toBe(true);
    // The hash lives as long as its longest-lived mark, also when a shorter-lived one comes after.
    expect(await once.claimRecent('inbound', ticket, 'ev-3', 7 * 24 * 3600)).toBe(true);
    expect(await env.redis.ttl(marks)).toBeGreaterThan(29 * 24 * 3600);
    expect(await env.redis.keys(`${env.keys.prefix}*`)).toEqual([marks]);
    // Eight days on, the inbound marks have lapsed (dropped at the next addition) and the delivered one holds.
    const later = Date.now() + 8 * 24 * 3600 * 1000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
    try {
      expect(await once.hasRecent('inbound', ticket, 'ev-1', 7 * 24 * 3600)).toBe(false);
      expect((await outbox.stored(ticket, 'ev-1')).delivered).toBe(true);
      await outbox.markDelivered(ticket, 'ev-4');
      expect(await env.redis.hlen(marks)).toBe(2);
      expect((await outbox.stored(ticket, 'ev-1')).delivered).toBe(true);
    } finally {
      clock.mockRestore();
    }
  });

  it('outbox: a delivered update reported again is answered in one round trip and writes nothing', async () => {
    const outbox = new RedisOutbox(env.redis, env.keys);
    const ticket = { helpdeskId: 'znuny', ticketId: '7' };
    const update = { eventId: 'e10', type: 'contract.resolved', occurredAt: new Date(), ticketId: '7', data: {} } as const;
    expect(await outbox.put('znuny', update)).toBe('stored');
    await outbox.markDelivered(ticket, 'e10');
    const before = await env.redis.dbsize();
    let answer: unknown;
    // Before, the update was stored again and then deleted: two round trips.
    expect(await roundTripsDuring(env.redis, async () => (answer = await outbox.put('znuny', update)))).toBe(1);
    expect(answer).toBe('delivered');
    expect(await env.redis.exists(env.keys.key('outbox', 'update', 'znuny', 'e10'))).toBe(0);
    expect(await env.redis.dbsize()).toBe(before);
  });

  it('outbox: marking an update delivered drops it in the same round trip, also when an earlier version had marked it', async () => {
    const outbox = new RedisOutbox(env.redis, env.keys);
    const ticket = { helpdeskId: 'znuny', ticketId: '7' };
    const update = { eventId: 'e8', type: 'erp.message_added', occurredAt: new Date(), ticketId: '7', data: {} } as const;
    await outbox.put('znuny', update);
    expect(await roundTripsDuring(env.redis, () => outbox.markDelivered(ticket, 'e8'))).toBe(1);
    expect(await outbox.get('znuny', 'e8')).toBeNull();
    expect((await outbox.stored(ticket, 'e8')).delivered).toBe(true);
    // Marked in the hash of an earlier version, and still stored: the old two steps were cut between them.
    const digest = (id: string) => createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 8);
    await env.redis.hset(env.keys.key('outbox', 'done', 'znuny', '7'), digest('e9'), String(Math.floor(Date.now() / 1000)));
    await env.redis.set(env.keys.key('outbox', 'update', 'znuny', 'e9'), JSON.stringify({ ...update, eventId: 'e9' }));
    await outbox.markDelivered(ticket, 'e9');
    expect(await env.redis.exists(env.keys.key('outbox', 'update', 'znuny', 'e9'))).toBe(0);
  });

  it('outbox: updates delivered before the upgrade, marked in a hash per ticket, are neither stored nor delivered again', async () => {
    const outbox = new RedisOutbox(env.redis, env.keys);
    const ticket = { helpdeskId: 'znuny', ticketId: '7' };
    const update = { eventId: 'e6', type: 'erp.message_added', occurredAt: new Date(), ticketId: '7', data: {} } as const;
    const digest = (id: string) => createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 8);
    const legacy = env.keys.key('outbox', 'done', 'znuny', '7');
    await env.redis.hset(legacy, digest('e6'), String(Math.floor(Date.now() / 1000) - 3600));
    await env.redis.expire(legacy, 30 * 24 * 3600);
    expect((await outbox.stored(ticket, 'e6')).delivered).toBe(true);
    expect(await outbox.put('znuny', update)).toBe('delivered');
    expect((await outbox.stored(ticket, 'e7')).delivered).toBe(false);
    expect(await outbox.put('znuny', { ...update, eventId: 'e7' })).toBe('stored');
  });

  it('outbox: updates delivered by earlier versions (a marker under the update key, or a key of its own) count as delivered', async () => {
    const outbox = new RedisOutbox(env.redis, env.keys);
    const ticket = { helpdeskId: 'znuny', ticketId: '7' };
    const update = { eventId: 'e3', type: 'erp.message_added', occurredAt: new Date(), ticketId: '7', data: {} } as const;
    await env.redis.set(env.keys.key('outbox', 'update', 'znuny', 'e3'), 'delivered', 'EX', 60);
    await env.redis.set(env.keys.key('outbox', 'update', 'znuny', 'e4'), JSON.stringify({ ...update, eventId: 'e4' }), 'EX', 60);
    await env.redis.set(env.keys.key('outbox', 'delivered', 'znuny', 'e4'), '1', 'EX', 60);
    expect((await outbox.stored(ticket, 'e3')).delivered).toBe(true);
    expect((await outbox.stored(ticket, 'e4')).delivered).toBe(true);
    expect((await outbox.stored(ticket, 'e5')).delivered).toBe(false);
    expect(await outbox.get('znuny', 'e3')).toBeNull();
    // The second layout kept the update's text beside its marker: a delivery finds it delivered all the same.
    expect(await outbox.stored(ticket, 'e3')).toEqual({ delivered: true, update: null });
    expect(await outbox.stored(ticket, 'e4')).toEqual({ delivered: true, update: expect.objectContaining({ eventId: 'e4' }) });
    // Not stored again; reported as undelivered, its delivery finds it delivered (above).
    expect(await outbox.put('znuny', update)).toBe('undelivered');
  });

  it('outbox: instants come back as dates (the occurrence, and a reminder set on the ticket)', async () => {
    const outbox = new RedisOutbox(env.redis, env.keys);
    const update = {
      eventId: 'e2',
      type: 'dev_issue.created',
      occurredAt: new Date('2026-12-04T10:00:00Z'),
      remindAt: new Date('2026-12-11T10:00:00Z'),
      ticketId: '7',
      data: {},
      reply: 'Opened BUG-1.',
    } as const;
    await outbox.put('znuny', update);
    expect(await outbox.get('znuny', 'e2')).toEqual(update);
  });

  it('ERP ticket memory: what was set is read back for its ticket; another ERP id or shape reads as unknown; forget removes it', async () => {
    const memory = new RedisErpTicketMemory(env.redis, env.keys);
    const ticket = { helpdeskId: 'znuny', ticketId: '9' };
    const t = {
      id: 9,
      ref: 'HD-9',
      trackId: 'tb_x',
      subject: 'Printer',
      status: 3,
      typeCode: 'ISSUE',
      categoryCode: null,
      severityCode: 'HIGH',
      socid: 1,
      contractId: null,
      userAssignId: 2,
      extrafields: { tb_sla_status: 'ok' },
      originEmail: null,
      progress: 100,
      closedAt: new Date('2026-12-01T10:00:00Z'),
      readAt: new Date('2026-11-30T09:00:00Z'),
    };
    await memory.set(ticket, t);
    expect(await memory.get(ticket, 9)).toEqual(t);
    // Linked to another ERP ticket since: what is known is about the other one.
    expect(await memory.get(ticket, 10)).toBeNull();
    expect(await memory.get({ helpdeskId: 'znuny', ticketId: '10' }, 9)).toBeNull();
    await env.redis.hset(marksKey(env.keys, { helpdeskId: 'znuny', ticketId: '11' }), '!0', Buffer.from([0x7a, 1, 2, 3]));
    expect(await memory.get({ helpdeskId: 'znuny', ticketId: '11' }, 11)).toBeNull();
    // The key of its own earlier versions wrote is not read: the ticket is read from the ERP once.
    await env.redis.set(env.keys.key('erp-ticket', 12), JSON.stringify([12]));
    expect(await memory.get({ helpdeskId: 'znuny', ticketId: '12' }, 12)).toBeNull();
    await memory.forget(ticket);
    expect(await memory.get(ticket, 9)).toBeNull();
  });

  it("ERP ticket memory: deflated in the ticket's marks hash, which stays compact and keeps its marks", async () => {
    const memory = new RedisErpTicketMemory(env.redis, env.keys);
    const ticket = { helpdeskId: 'webhook', ticketId: 'mx9v8zi3-1' };
    const key = marksKey(env.keys, ticket);
    const place = { key, kind: 'inbound', legacyKey: env.keys.key('once', 'recent', 'inbound', 'webhook', 'mx9v8zi3-1') };
    const t = {
      id: 11,
      ref: 'BENCH-mx9v8zi3-1',
      trackId: 'tb_webhook_6d783976387a69332d31',
      subject: 'Bench ticket mx9v8zi3-1',
      status: 3,
      typeCode: 'ISSUE',
      categoryCode: 'OTHER',
      severityCode: 'HIGH',
      socid: 1,
      contractId: 1,
      userAssignId: 2,
      extrafields: {
        tb_helpdesk_source: 'webhook',
        tb_helpdesk_id: 'mx9v8zi3-1',
        tb_helpdesk_ticket: 'webhook #mx9v8zi3-1',
        tb_requester: 'Marie Durand (marie.durand@acme.example)',
        tb_contact: 1,
        tb_contract: 1,
      },
      originEmail: null,
      progress: null,
      closedAt: null,
      readAt: new Date('2026-12-05T03:00:00Z'),
    };
    expect(await addRecentMark(env.redis, place, 'event-1', 3600)).toBe(true);
    await memory.set(ticket, t);
    // A mark added since sweeps lapsed marks only.
    expect(await addRecentMark(env.redis, place, 'event-2', 3600)).toBe(true);
    expect(await memory.get(ticket, 11)).toEqual(t);
    expect(await hasRecentMark(env.redis, place, 'event-1', 3600)).toBe(true);
    expect(await env.redis.ttl(key)).toBeGreaterThan(29 * 24 * 3600);
    expect(await env.redis.call('OBJECT', 'ENCODING', key)).toBe('listpack');
    const plain = JSON.stringify([
      11,
      t.ref,
      t.trackId,
      t.subject,
      3,
      'ISSUE',
      'OTHER',
      'HIGH',
      1,
      1,
      2,
      t.extrafields,
      null,
      null,
      null,
      t.readAt.getTime(),
    ]);
    const bytes = async () =>
      Object.entries(await env.redis.hgetallBuffer(key))
        .filter(([field]) => field.startsWith('!'))
        .reduce((n, [, v]) => n + v.length, 0);
    const derived = await bytes();
    expect(derived).toBeLessThan(plain.length * 0.6);
    // The track id its extrafields derive is left out; one they do not derive is kept.
    const moved = { ...t, trackId: 'tb_webhook_6d783976387a69332d39' };
    await memory.set(ticket, moved);
    expect(await memory.get(ticket, 11)).toEqual(moved);
    expect((await bytes()) - derived).toBeGreaterThanOrEqual(15);
    await memory.forget(ticket);
    expect((await env.redis.hkeys(key)).filter((f) => f.startsWith('!'))).toEqual([]);
    expect(await hasRecentMark(env.redis, place, 'event-2', 3600)).toBe(true);
  });

  it('account caches: one invalidation drops every cached customer and contract answer', async () => {
    const caches = new RedisAccountCaches(env.redis, env.keys);
    const contracts = caches.cache<{ kind: string }>('contract');
    await contracts.set('1:ISSUE:2026-12-04', { kind: 'covered' }, 60);
    expect(await contracts.get('1:ISSUE:2026-12-04')).toEqual({ kind: 'covered' });
    await caches.invalidate();
    expect(await contracts.get('1:ISSUE:2026-12-04')).toBeUndefined();
  });

  it('account caches: an answer is read with the generations in one round trip; an invalidation meanwhile still drops it', async () => {
    const caches = new RedisAccountCaches(env.redis, env.keys);
    const customers = caches.cache<{ socid: number }>('customer');
    const contracts = caches.cache<{ kind: string }>('contract');
    await customers.set('marie@acme.example', { socid: 1 }, 60);
    await contracts.set('1:ISSUE', { kind: 'covered' }, 60);
    let read: unknown[] = [];
    const both = async () => void (read = [await customers.get('marie@acme.example'), await contracts.get('1:ISSUE')]);
    expect(await roundTripsDuring(env.redis, both)).toBe(2);
    expect(read).toEqual([{ socid: 1 }, { kind: 'covered' }]);
    // Another replica's invalidation: this process still holds the old generations, and is not fooled by them.
    await new RedisAccountCaches(env.redis, env.keys).invalidate('contracts');
    await both();
    expect(read).toEqual([{ socid: 1 }, undefined]);
    await new RedisAccountCaches(env.redis, env.keys).invalidate();
    await both();
    expect(read).toEqual([undefined, undefined]);
  });
});
