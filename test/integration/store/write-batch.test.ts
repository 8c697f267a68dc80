import { WriteBatch } from '../../../src/store/write-batch';
import { redisEnv, type RedisEnv } from './redis-env';
import { roundTripsDuring } from './round-trips';

describe('WriteBatch: writes applied together in one script', () => {
  let env: RedisEnv;
  beforeEach(() => {
    env = redisEnv('write-batch');
  });
  afterEach(() => env.cleanup());

  it('applies its writes in order, and shares its round trip with what else is issued in the same tick', async () => {
    const hash = env.keys.key('link', 'write-batch-hash');
    const old = env.keys.key('link', 'write-batch-old');
    await env.redis.hset(hash, 'gone', '1');
    await env.redis.set(old, 'legacy');
    // Redis learns the script at its first use, which sends it twice (EVALSHA, then EVAL); a service's later writes don't.
    await new WriteBatch().del(env.keys.key('link', 'write-batch-none')).run(env.redis);

    const trips = await roundTripsDuring(env.redis, () =>
      Promise.all([new WriteBatch().hset(hash, 'a', '1').hset(hash, 'a', '2').hdel(hash, 'gone').del(old).run(env.redis), env.redis.get(old)]),
    );

    expect(trips).toBe(1);
    expect(await env.redis.hgetall(hash)).toEqual({ a: '2' });
    expect(await env.redis.exists(old)).toBe(0);
  });

  it('an empty batch sends nothing', async () => {
    expect(await roundTripsDuring(env.redis, () => new WriteBatch().run(env.redis))).toBe(0);
  });
});
