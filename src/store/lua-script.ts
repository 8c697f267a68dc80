import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

type ScriptArg = string | number | Buffer;
/** evalshaBuffer and evalBuffer exist at run time but not in ioredis' types. */
type BufferEval = Redis & {
  evalshaBuffer(sha: string, numberOfKeys: number, ...args: ScriptArg[]): Promise<unknown>;
  evalBuffer(lua: string, numberOfKeys: number, ...args: ScriptArg[]): Promise<unknown>;
};

const isNoScript = (err: unknown) => err instanceof Error && err.message.startsWith('NOSCRIPT');

/**
 * A Lua script called by its SHA (EVALSHA); its text is sent only when Redis does not know it yet (first use, after a
 * restart or SCRIPT FLUSH), by EVAL, which also loads it. EVAL sent the whole text, and Redis hashed it, on every call
 * (~30 calls per ticket). Plain EVALSHA/EVAL keep auto-pipelining; ioredis' defineCommand breaks it for a script
 * defined after the connection's pending pipeline was made.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua, 'utf8').digest('hex');
  }

  run(redis: Redis, keys: readonly string[], args: readonly ScriptArg[] = []): Promise<unknown> {
    return redis
      .evalsha(this.sha, keys.length, ...keys, ...args)
      .catch((err: unknown) => (isNoScript(err) ? redis.eval(this.lua, keys.length, ...keys, ...args) : Promise.reject(err)));
  }

  /** Replies as Buffers (binary values). */
  runBuffer(client: Redis, keys: readonly string[], args: readonly ScriptArg[] = []): Promise<unknown> {
    const redis = client as BufferEval;
    return redis
      .evalshaBuffer(this.sha, keys.length, ...keys, ...args)
      .catch((err: unknown) => (isNoScript(err) ? redis.evalBuffer(this.lua, keys.length, ...keys, ...args) : Promise.reject(err)));
  }
}
