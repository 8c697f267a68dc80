import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { createRedis, KeySpace } from '../../../src/store';
import { deleteKeysUnder } from '../../support/redis-keys';

/** Tests use the real Redis; TB_TEST_REDIS_URL points elsewhere when needed. */
export const REDIS_URL = process.env.TB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface RedisEnv {
  redis: Redis;
  keys: KeySpace;
  /** Deletes every key under the prefix and closes the connections it opened. */
  cleanup(): Promise<void>;
  /** Another connection (closed by cleanup), e.g. for BullMQ. */
  connection(forQueues?: boolean): Redis;
}

function uniquePrefix(label: string): string {
  return `tbtest:${label}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export function redisEnv(label: string): RedisEnv {
  const keys = new KeySpace(uniquePrefix(label));
  // As the service's store connection: auto-pipelined, so the stores are tested the way they run.
  const redis = createRedis(REDIS_URL, { connectionName: `test-${label}`, autoPipelining: true });
  const extra: Redis[] = [];
  return {
    redis,
    keys,
    connection(forQueues = true) {
      const c = createRedis(REDIS_URL, { forQueues, connectionName: `test-${label}` });
      extra.push(c);
      return c;
    },
    async cleanup() {
      await deleteKeysUnder(keys.prefix, redis);
      await Promise.all([redis, ...extra].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
