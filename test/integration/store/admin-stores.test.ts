import { RedisActivityStore } from '../../../src/store/activity-store';
import { addRecentMark, hasRecentMark, marksKey } from '../../../src/store/recent-marks';
import { LiveMapping, RedisMappingOverrides } from '../../../src/store/mapping-overrides';
import { mappingSchema } from '../../../src/config/schema';
import { getLogger } from '../../../src/logging/logger';
import { eventually } from '../../e2e/support/service-process';
import { redisEnv, type RedisEnv } from './redis-env';

let env: RedisEnv;
beforeEach(() => {
  env = redisEnv('admin-stores');
});
afterEach(async () => {
  await env.cleanup();
});

const failOnFlushError = (err: unknown) => {
  throw err;
};

describe('admin activity in Redis', () => {
  it('counts per hour and gives the last 24 hours oldest first, empty hours as zero', async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    const now = new Date('2026-12-04T22:30:00Z');
    await store.count('events', new Date('2026-12-04T22:05:00Z'), 3);
    await store.count('done', new Date('2026-12-04T22:06:00Z'));
    await store.count('failed', new Date('2026-12-04T20:59:59Z'));
    await store.count('events', new Date('2026-12-03T22:59:00Z'));
    const hours = await store.hourly(now, 24);
    expect(hours).toHaveLength(24);
    expect(hours[0].hour.toISOString()).toBe('2026-12-03T23:00:00.000Z');
    expect(hours[23]).toEqual({ hour: new Date('2026-12-04T22:00:00Z'), events: 3, done: 1, failed: 0 });
    expect(hours[21]).toMatchObject({ failed: 1 });
    expect(hours.reduce((s, h) => s + h.events, 0)).toBe(3);
  });

  it('writes counters and connection successes together within a second, where another instance reads them', async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    const other = new RedisActivityStore(env.connection(false), env.keys, failOnFlushError);
    const at = new Date('2026-12-04T22:05:00Z');
    for (let i = 0; i < 50; i++) await store.count('events', at);
    await store.connectionOk('dolibarr', new Date(5000));
    await store.connectionOk('dolibarr', new Date(4000));
    expect(await env.redis.keys(`${env.keys.prefix}activity:*`)).toEqual([]);
    await eventually(async () => (await other.hourly(at, 1))[0].events === 50, 'the counts written', 3000);
    expect((await other.connection('dolibarr')).lastOkAt).toEqual(new Date(5000));
  });

  it('keeps the counters a failed write held for the next write', async () => {
    // Redis refuses the first write (as when the connection drops), then answers again.
    let refuse = true;
    const flaky = new Proxy(env.redis, {
      get(target, prop, receiver) {
        if (prop !== 'multi') return Reflect.get(target, prop, receiver) as unknown;
        return () => {
          const tx = target.multi();
          if (!refuse) return tx;
          refuse = false;
          tx.exec = () => Promise.reject(new Error('Connection is closed.'));
          return tx;
        };
      },
    });
    const store = new RedisActivityStore(flaky, env.keys, failOnFlushError);
    const at = new Date('2026-12-04T22:05:00Z');
    await store.count('failed', at, 2);
    await expect(store.flush()).rejects.toThrow('Connection is closed.');
    await store.count('failed', at);
    await store.flush();
    expect((await new RedisActivityStore(env.redis, env.keys, failOnFlushError).hourly(at, 1))[0].failed).toBe(3);
  });

  it('keeps the last 20 events and jobs of a ticket, newest first, to the second', async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    for (let i = 0; i < 25; i++)
      await store.addTicketEntry('hd', '42', { at: new Date(1_000_000_000 + i * 1000 + 999), kind: 'job', what: `job-${i}`, outcome: 'done' });
    const entries = await store.ticketEntries('hd', '42');
    expect(entries).toHaveLength(20);
    expect(entries[0]).toEqual({ at: new Date(1_000_024_000), kind: 'job', what: 'job-24', outcome: 'done' });
    expect(entries[19]).toEqual({ at: new Date(1_000_005_000), kind: 'job', what: 'job-5', outcome: 'done' });
  });

  it("writes a ticket's entries together within a second, where another instance reads them in order", async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    const other = new RedisActivityStore(env.connection(false), env.keys, failOnFlushError);
    for (let i = 0; i < 5; i++)
      await store.addTicketEntry('hd', '45', { at: new Date(1_000_000_000 + i * 1000), kind: 'job', what: `job-${i}`, outcome: 'done' });
    expect(await env.redis.exists(marksKey(env.keys, { helpdeskId: 'hd', ticketId: '45' }))).toBe(0);
    const entries = await eventually(
      async () => {
        const found = await other.ticketEntries('hd', '45');
        return found.length === 5 ? found : undefined;
      },
      'the entries written',
      3000,
    );
    expect(entries.map((e) => e.what)).toEqual(['job-4', 'job-3', 'job-2', 'job-1', 'job-0']);
  });

  it('keeps the ticket entries a failed write held, behind those added since, for the next write', async () => {
    let refuse = true;
    const flaky = new Proxy(env.redis, {
      get(target, prop, receiver) {
        if (prop !== 'evalsha' || !refuse) return Reflect.get(target, prop, receiver) as unknown;
        refuse = false;
        return () => Promise.reject(new Error('Connection is closed.'));
      },
    });
    const store = new RedisActivityStore(flaky, env.keys, failOnFlushError);
    const entry = (i: number) => ({ at: new Date(1_000_000_000 + i * 1000), kind: 'job', what: `job-${i}`, outcome: 'done' }) as const;
    await store.addTicketEntry('hd', '46', entry(1));
    await store.addTicketEntry('hd', '46', entry(2));
    await expect(store.flush()).rejects.toThrow('Connection is closed.');
    await store.addTicketEntry('hd', '46', entry(3));
    await store.flush();
    const entries = await new RedisActivityStore(env.redis, env.keys, failOnFlushError).ticketEntries('hd', '46');
    expect(entries.map((e) => e.what)).toEqual(['job-3', 'job-2', 'job-1']);
  });

  it("keeps a ticket's entries in its marks hash, compact, details included as they were", async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    const detail = 'Dolibarr down:\n\t"503"';
    const written = [
      { at: new Date('2026-12-05T03:00:01Z'), kind: 'event', what: 'ticket.upserted', outcome: 'accepted' },
      { at: new Date('2026-12-05T03:00:02Z'), kind: 'event', what: 'article.added', outcome: 'accepted' },
      { at: new Date('2026-12-05T03:00:03Z'), kind: 'job', what: 'mirror-ticket', outcome: 'retrying', detail },
      { at: new Date('2026-12-05T03:00:04Z'), kind: 'job', what: 'deliver-update', outcome: 'done' },
      { at: new Date('2026-12-05T03:00:05Z'), kind: 'job', what: 'dev-escalate', outcome: 'failed', detail: '' },
      { at: new Date('2026-12-05T03:00:06Z'), kind: 'event', what: 'ticket.merged', outcome: 'accepted' },
    ] as const;
    for (const entry of written) await store.addTicketEntry('hd', '44', entry);
    expect(await store.ticketEntries('hd', '44')).toEqual([...written].reverse());
    const key = marksKey(env.keys, { helpdeskId: 'hd', ticketId: '44' });
    expect(await env.redis.keys(`${env.keys.prefix}*`)).toEqual([key]);
    expect(await env.redis.ttl(key)).toBeGreaterThan(29 * 24 * 3600);
    expect(await env.redis.call('OBJECT', 'ENCODING', key)).toBe('listpack');
    expect(Number(await env.redis.call('MEMORY', 'USAGE', key))).toBeLessThan(300);
  });

  it('keeps the marks hash compact with 20 long entries, and marks and entries do not disturb each other', async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    const ticket = { helpdeskId: 'hd', ticketId: '47' };
    const key = marksKey(env.keys, ticket);
    const place = { key, kind: 'inbound', legacyKey: env.keys.key('once', 'recent', 'inbound', 'hd', '47') };
    expect(await addRecentMark(env.redis, place, 'event-1', 7 * 24 * 3600)).toBe(true);
    const entry = (i: number) =>
      ({
        at: new Date(1_000_000_000 + i * 1000),
        kind: 'job',
        what: 'mirror-ticket',
        outcome: 'retrying',
        detail: `Dolibarr answered 503 (${i})`,
      }) as const;
    for (let i = 0; i < 20; i++) await store.addTicketEntry('hd', '47', entry(i));
    await store.flush();
    // A mark added after them sweeps lapsed marks: it leaves the entries alone.
    expect(await addRecentMark(env.redis, place, 'event-2', 7 * 24 * 3600)).toBe(true);
    const entries = await store.ticketEntries('hd', '47');
    expect(entries).toHaveLength(20);
    expect(entries[0]).toEqual(entry(19));
    expect(entries[19]).toEqual(entry(0));
    expect(await hasRecentMark(env.redis, place, 'event-1', 7 * 24 * 3600)).toBe(true);
    expect(await env.redis.call('OBJECT', 'ENCODING', key)).toBe('listpack');
    expect(await env.redis.ttl(key)).toBeGreaterThan(29 * 24 * 3600);
    // 20 entries of ~40 bytes: the value is cut into several fields, none over Redis' 64-byte compact limit.
    expect((await env.redis.hkeys(key)).filter((f) => f.startsWith('~')).length).toBeGreaterThan(10);
  });

  it('reads the entries earlier versions kept in a key of their own after the newer ones', async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    await env.redis.set(env.keys.key('activity', 't', 'hd', '48'), `${(1_000_000).toString(36)}JF3\t"Dolibarr down"`, 'EX', 3600);
    await store.addTicketEntry('hd', '48', { at: new Date(2_000_000_000), kind: 'event', what: 'article.added', outcome: 'accepted' });
    expect(await store.ticketEntries('hd', '48')).toEqual([
      { at: new Date(2_000_000_000), kind: 'event', what: 'article.added', outcome: 'accepted' },
      { at: new Date(1_000_000_000), kind: 'job', what: 'mirror-ticket', outcome: 'failed', detail: 'Dolibarr down' },
    ]);
  });

  it('reads the list earlier versions kept (arrays, and objects before them) after the newer entries', async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    const key = env.keys.key('activity', 'ticket', 'hd', '43');
    await env.redis.lpush(key, JSON.stringify({ at: 1_000_000, kind: 'event', what: 'article.added', outcome: 'accepted' }));
    await env.redis.lpush(key, '[1000001,"job","mirror-ticket","failed","Dolibarr down"]');
    await store.addTicketEntry('hd', '43', { at: new Date(2_000_000), kind: 'job', what: 'mirror-ticket', outcome: 'done' });
    expect(await store.ticketEntries('hd', '43')).toEqual([
      { at: new Date(2_000_000), kind: 'job', what: 'mirror-ticket', outcome: 'done' },
      { at: new Date(1_000_001), kind: 'job', what: 'mirror-ticket', outcome: 'failed', detail: 'Dolibarr down' },
      { at: new Date(1_000_000), kind: 'event', what: 'article.added', outcome: 'accepted' },
    ]);
  });

  it('lists values seen in the last 30 days only', async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    const now = new Date('2026-12-04T00:00:00Z');
    await store.markSeen('hd', 'queues', 'Old', new Date('2026-10-01T00:00:00Z'));
    await store.markSeen('hd', 'queues', 'Support', new Date('2026-12-01T00:00:00Z'));
    await store.markSeen('hd', 'queues', 'Billing', now);
    expect(await store.seenValues('hd', 'queues', now)).toEqual(['Billing', 'Support']);
  });

  it('writes a value seen again only after ten minutes (one write per value, not per event)', async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    const key = env.keys.key('activity', 'seen', 'hd', 'types');
    const t0 = new Date('2026-12-04T10:00:00Z').getTime();
    await store.markSeen('hd', 'types', 'Incident', new Date(t0));
    await store.markSeen('hd', 'types', 'Incident', new Date(t0 + 5 * 60_000));
    expect(Number(await env.redis.zscore(key, 'Incident'))).toBe(t0);
    await store.markSeen('hd', 'types', 'Incident', new Date(t0 + 11 * 60_000));
    expect(Number(await env.redis.zscore(key, 'Incident'))).toBe(t0 + 11 * 60_000);
  });

  it("remembers each connection's last success and last error", async () => {
    const store = new RedisActivityStore(env.redis, env.keys, failOnFlushError);
    await store.connectionOk('dolibarr', new Date(1000));
    await store.connectionError('dolibarr', new Date(2000), 'dolibarr timeout: no answer');
    expect(await store.connection('dolibarr')).toEqual({
      lastOkAt: new Date(1000),
      lastErrorAt: new Date(2000),
      lastError: 'dolibarr timeout: no answer',
    });
    expect(await store.connection('helpdesk:none')).toEqual({ lastOkAt: undefined, lastErrorAt: undefined, lastError: undefined });
  });
});

describe('mapping overrides shared by every instance', () => {
  it('reach another running instance without a restart, and survive one', async () => {
    const config = mappingSchema.parse({ types: { incident: 'ISSUE' } });
    const overrides = new RedisMappingOverrides(env.redis, env.keys);
    const other = new LiveMapping(config, new RedisMappingOverrides(env.connection(false), env.keys), getLogger('test'));
    await other.start(env.connection(false));
    expect(other.current.types).toEqual({ incident: 'ISSUE' });

    await overrides.save({ types: { hardware: 'ISSUE' }, categories: {}, severities: {}, defaultType: 'HELP' });
    await eventually(async () => other.current.types.hardware === 'ISSUE', 'the other instance to reload', 5000);
    expect(other.current.defaultType).toBe('HELP');
    expect(other.current.types.incident).toBe('ISSUE');

    const restarted = new LiveMapping(config, new RedisMappingOverrides(env.redis, env.keys), getLogger('test'));
    expect((await restarted.refresh()).types).toEqual({ incident: 'ISSUE', hardware: 'ISSUE' });
    await other.close();
  });
});
