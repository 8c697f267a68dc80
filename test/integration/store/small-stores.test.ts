import { z } from 'zod';
import { RedisCache, RedisCursorStore, RedisEchoMarkers, RedisOnceStore } from '../../../src/store';
import { redisEnv, type RedisEnv } from './redis-env';

describe('small Redis stores', () => {
  let env: RedisEnv;
  beforeEach(() => {
    env = redisEnv('small');
  });
  afterEach(() => env.cleanup());

  it('cursors: unknown is null, the last value set wins, names are independent', async () => {
    const cursors = new RedisCursorStore(env.redis, env.keys);
    expect(await cursors.getCursor('znuny')).toBeNull();
    await cursors.setCursor('znuny', '2026-01-01T00:00:00Z|17');
    await cursors.setCursor('znuny', '2026-01-01T00:00:05Z|18');
    await cursors.setCursor('rt', '991');
    expect(await cursors.getCursor('znuny')).toBe('2026-01-01T00:00:05Z|18');
    expect(await cursors.getCursor('rt')).toBe('991');
  });

  it('echo markers: a marked key is consumed exactly once, even by concurrent callers', async () => {
    const echo = new RedisEchoMarkers(env.redis, env.keys);
    expect(await echo.consume('dolibarr:ticket:5:status')).toBe(false);
    await echo.mark('dolibarr:ticket:5:status');
    const results = await Promise.all(Array.from({ length: 10 }, () => echo.consume('dolibarr:ticket:5:status')));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await echo.consume('dolibarr:ticket:5:status')).toBe(false);
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
