import type Redis from 'ioredis';
import type { z } from 'zod';
import type { AccountCacheControl, Cache } from '../sync/ports';
import { RedisCache } from './cache';
import type { KeySpace } from './keys';

/** The namespace whose answers an intervention change makes stale (`invalidate('contracts')`). */
const CONTRACT_NAMESPACE = 'contract';

/**
 * The customer and contract look-up caches. Their keys carry generation numbers that `invalidate` raises, so one
 * INCR drops a whole cache (the old entries expire on their TTL): `cache:generation` for both (a changed contact,
 * third party or contract can change any customer's answer, and such changes are rare), and
 * `cache:generation:contract` for the contract answers alone (an intervention changed the contract's consumption).
 */
export class RedisAccountCaches implements AccountCacheControl {
  private readonly generationKey: string;
  private readonly contractGenerationKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {
    this.generationKey = keys.key('cache', 'generation');
    this.contractGenerationKey = keys.key('cache', 'generation', CONTRACT_NAMESPACE);
  }

  cache<T>(namespace: string, schema?: z.ZodType<T, z.ZodTypeDef, unknown>): Cache<T> {
    const inner = new RedisCache<T>(this.redis, this.keys, namespace, schema);
    const versioned = async (key: string): Promise<string> => {
      if (namespace !== CONTRACT_NAMESPACE) return `${(await this.redis.get(this.generationKey)) ?? '0'}:${key}`;
      const [all, contracts] = await this.redis.mget(this.generationKey, this.contractGenerationKey);
      return `${all ?? '0'}.${contracts ?? '0'}:${key}`;
    };
    return {
      get: async (key) => inner.get(await versioned(key)),
      set: async (key, value, ttlSeconds) => inner.set(await versioned(key), value, ttlSeconds),
    };
  }

  async invalidate(scope?: 'contracts'): Promise<void> {
    await this.redis.incr(scope === 'contracts' ? this.contractGenerationKey : this.generationKey);
  }
}
