import type Redis from 'ioredis';
import { LuaScript } from './lua-script';

/** What IdBuckets and the stores add writes to: a MULTI, or a WriteBatch. */
export interface Writes {
  hset(key: string, field: string, value: string): unknown;
  hdel(key: string, field: string): unknown;
  del(key: string): unknown;
}

// ARGV: per write its command, then its one key (taken from KEYS in order) and its other arguments, with their count.
const APPLY = new LuaScript(`
local k, a = 1, 1
while a <= #ARGV do
  local n = tonumber(ARGV[a + 1])
  local args = {KEYS[k]}
  for i = 1, n do args[i + 1] = ARGV[a + 1 + i] end
  redis.call(ARGV[a], unpack(args))
  k = k + 1
  a = a + 2 + n
end
return #KEYS`);

/**
 * Writes applied together in one script, as a MULTI would: ioredis never auto-pipelines a MULTI, so each cost a write
 * and a wait of its own, where a script goes out with whatever else the process issued in the same tick (on the
 * webhook path, six transactions a ticket).
 */
export class WriteBatch implements Writes {
  private readonly keys: string[] = [];
  private readonly args: string[] = [];

  hset(key: string, field: string, value: string): this {
    return this.add('HSET', key, field, value);
  }

  hdel(key: string, field: string): this {
    return this.add('HDEL', key, field);
  }

  del(key: string): this {
    return this.add('DEL', key);
  }

  async run(redis: Redis): Promise<void> {
    if (this.keys.length) await APPLY.run(redis, this.keys, this.args);
  }

  private add(command: string, key: string, ...rest: string[]): this {
    this.keys.push(key);
    this.args.push(command, String(rest.length), ...rest);
    return this;
  }
}
