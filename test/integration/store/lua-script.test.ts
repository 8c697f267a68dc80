import { randomBytes } from 'node:crypto';
import { LuaScript } from '../../../src/store/lua-script';
import { redisEnv, type RedisEnv } from './redis-env';
import { clientAddress, commandsDuring } from './redis-monitor';

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
    const source = await clientAddress(env.redis);
    const results: unknown[] = [];
    const seen = await commandsDuring(env.connection(false), env.redis, async () => {
      for (let i = 0; i < 3; i++) results.push(await script.run(env.redis, [key]));
    });
    expect(results).toEqual([1, 2, 3]);
    const sent = seen
      .filter((c) => c.source === source && /^eval/i.test(c.args[0]))
      .map((c) => `${c.args[0].toLowerCase()}${c.args[1].includes(tag) ? ' (text)' : ''}`);
    // The first EVALSHA finds no script (NOSCRIPT; nothing ran); EVAL runs it and loads it for every later call.
    expect(sent).toEqual(['evalsha', 'eval (text)', 'evalsha', 'evalsha']);
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
