import Redis, { type RedisOptions } from 'ioredis';

export interface CreateRedisOptions {
  /**
   * For BullMQ workers and queues: commands wait for a reconnect instead of failing
   * (BullMQ requires maxRetriesPerRequest null on blocking connections).
   * Store connections fail fast so a webhook answers 5xx rather than hanging.
   */
  forQueues?: boolean;
  /** Shown by CLIENT LIST, to tell the bridge's connections apart. */
  connectionName?: string;
  /** Extra ioredis options (tests: lazyConnect, retryStrategy). */
  ioredis?: RedisOptions;
}

/** One ioredis connection. The URL may carry a password: never log it. */
export function createRedis(url: string, opts: CreateRedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: opts.connectionName,
    maxRetriesPerRequest: opts.forQueues ? null : 3,
    enableReadyCheck: true,
    ...opts.ioredis,
  });
}
