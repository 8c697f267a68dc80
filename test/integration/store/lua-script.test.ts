import { randomBytes } from 'node:crypto';
import { LuaScript } from '../../../src/store/lua-script';
import { createRedis } from '../../../src/store';
import { REDIS_URL, redisEnv, type RedisEnv } from './redis-env';

describe('LuaScript', () => {
  let env: RedisEnv;
  beforeEach(() => {
    env = redisEnv('lua');
  });
  afterEach(() => env.cleanup());

  it('sends its text only when Redis does not know it yet, then calls it by SHA', async () => {
    // A text of its own, unknown to Redis, so that no other test's calls are counted.
    const tag = randomBytes(6).toString('hex');
    const script = new LuaScript(`-- ${tag}\nreturn redis.call('INCR', KEYS[1])`);
    const key = env.keys.key('once', 'lua-counter');
    const source = /addr=(\S+)/.exec(await env.redis.client('INFO'))![1];
    const watcher = createRedis(REDIS_URL);
    const monitor = await watcher.monitor();
    const sent: string[] = [];
    monitor.on('monitor', (_time: string, args: string[], from: string) => {
      if (from === source && /^eval/i.test(args[0])) sent.push(`${args[0].toLowerCase()}${args[1].includes(tag) ? ' (text)' : ''}`);
    });
    try {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await script.run(env.redis, [key]));
      expect(results).toEqual([1, 2, 3]);
      await env.redis.ping();
      await new Promise((r) => setTimeout(r, 100));
      // The first EVALSHA finds no script (NOSCRIPT; nothing ran); EVAL runs it and loads it for every later call.
      expect(sent).toEqual(['evalsha', 'eval (text)', 'evalsha', 'evalsha']);
    } finally {
      monitor.disconnect();
      watcher.disconnect();
    }
  });

  it('answers each caller under auto-pipelining, as Buffers when asked', async () => {
    const script = new LuaScript(`return {KEYS[1], ARGV[1]}`);
    const binary = Buffer.from([0x00, 0xff, 0x0a, 0x80]);
    const [a, b, c] = await Promise.all([
      script.run(env.redis, ['k1'], ['one']),
      script.runBuffer(env.redis, ['k2'], [binary]),
      script.run(env.redis, ['k3'], ['three']),
    ]);
    expect(a).toEqual(['k1', 'one']);
    expect((b as Buffer[])[1].equals(binary)).toBe(true);
    expect(c).toEqual(['k3', 'three']);
  });

  it('passes on a script error other than NOSCRIPT without running the text again', async () => {
    const key = env.keys.key('once', 'lua-errors');
    const script = new LuaScript(`redis.call('INCR', KEYS[1]) return redis.call('HGET', KEYS[1], 'x')`);
    await expect(script.run(env.redis, [key])).rejects.toThrow(/WRONGTYPE/);
    await expect(script.run(env.redis, [key])).rejects.toThrow(/WRONGTYPE/);
    // Once by the EVAL that loaded it, once by the EVALSHA of the second call: no retry by EVAL after an error.
    expect(await env.redis.get(key)).toBe('2');
  });
});
