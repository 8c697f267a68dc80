import Redis, { type RedisOptions } from 'ioredis';

export interface CreateRedisOptions {
  /**
   * For BullMQ workers and queues: commands wait for a reconnect instead of failing
   * (BullMQ requires maxRetriesPerRequest null on blocking connections).
   * Store connections fail fast so a webhook answers 5xx rather than hanging.
   */
  forQueues?: boolean;
  /**
   * Commands issued in one tick go out in one write. Only for the store connection: BullMQ's blocking commands and a
   * subscriber must not be batched behind others.
   */
  autoPipelining?: boolean;
  /** Shown by CLIENT LIST, to tell the bridge's connections apart. */
  connectionName?: string;
  /** Extra ioredis options (tests: lazyConnect, retryStrategy). */
  ioredis?: RedisOptions;
}

/** Where Redis is (config `redis`): one endpoint, or Sentinels that name the current primary. */
export interface RedisTarget {
  url: string;
  sentinels?: Array<{ host: string; port: number }>;
  sentinelName?: string;
  /** The primary's password, when the URL carries none. */
  password?: string;
  /** The Sentinels' own password. */
  sentinelPassword?: string;
}

/**
 * One ioredis connection. With Sentinels, ioredis asks them for the primary and asks again after a failover, so the
 * store and the BullMQ connections follow the primary. The URL and passwords are secrets: never log them.
 */
export function createRedis(target: string | RedisTarget, opts: CreateRedisOptions = {}): Redis {
  const base: RedisOptions = {
    connectionName: opts.connectionName,
    maxRetriesPerRequest: opts.forQueues ? null : 3,
    enableReadyCheck: true,
    enableAutoPipelining: opts.autoPipelining === true,
  };
  const t = typeof target === 'string' ? { url: target } : target;
  const password = t.password === undefined ? {} : { password: t.password };
  if (t.sentinels) {
    return new Redis({
      ...base,
      sentinels: t.sentinels,
      name: t.sentinelName,
      ...password,
      ...(t.sentinelPassword === undefined ? {} : { sentinelPassword: t.sentinelPassword }),
      ...opts.ioredis,
    });
  }
  return new Redis(t.url, { ...base, ...password, ...opts.ioredis });
}
