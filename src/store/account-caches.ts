import type Redis from 'ioredis';
import type { z } from 'zod';
import type { AccountCacheControl, Cache } from '../sync/ports';
import { RedisCache } from './cache';
import type { KeySpace } from './keys';

/**
 * The customer and contract look-up caches, made stale together: their keys carry a generation number that
 * `invalidate` raises, so one INCR drops them all (the old entries expire on their TTL). A changed contact,
 * third party or contract can change any customer's answer, and such changes are rare.
 */
export class RedisAccountCaches implements AccountCacheControl {
  private readonly generationKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {
    this.generationKey = keys.key('cache', 'generation');
  }

  cache<T>(namespace: string, schema?: z.ZodType<T, z.ZodTypeDef, unknown>): Cache<T> {
    const inner = new RedisCache<T>(this.redis, this.keys, namespace, schema);
    const versioned = async (key: string) => `${(await this.redis.get(this.generationKey)) ?? '0'}:${key}`;
    return {
      get: async (key) => inner.get(await versioned(key)),
      set: async (key, value, ttlSeconds) => inner.set(await versioned(key), value, ttlSeconds),
    };
  }

  async invalidate(): Promise<void> {
    await this.redis.incr(this.generationKey);
  }
}
