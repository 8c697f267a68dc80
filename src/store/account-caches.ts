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

  /**
   * An answer is read under the generations this process read last, together with the generations themselves: one
   * round trip instead of two. Only when they have moved (an invalidation) is it read again under the new ones.
   */
  cache<T>(namespace: string, schema?: z.ZodType<T, z.ZodTypeDef, unknown>): Cache<T> {
    const inner = new RedisCache<T>(this.redis, this.keys, namespace, schema);
    const generations = async (): Promise<string> => {
      if (namespace !== CONTRACT_NAMESPACE) return (await this.redis.get(this.generationKey)) ?? '0';
      const [all, contracts] = await this.redis.mget(this.generationKey, this.contractGenerationKey);
      return `${all ?? '0'}.${contracts ?? '0'}`;
    };
    let lastRead: string | undefined;
    return {
      get: async (key) => {
        const assumed = lastRead;
        const [current, answer] = await Promise.all([generations(), assumed === undefined ? undefined : inner.get(`${assumed}:${key}`)]);
        lastRead = current;
        return current === assumed ? answer : inner.get(`${current}:${key}`);
      },
      set: async (key, value, ttlSeconds) => {
        lastRead = await generations();
        await inner.set(`${lastRead}:${key}`, value, ttlSeconds);
      },
    };
  }

  async invalidate(scope?: 'contracts'): Promise<void> {
    await this.redis.incr(scope === 'contracts' ? this.contractGenerationKey : this.generationKey);
  }
}
