import type Redis from 'ioredis';
import type { z } from 'zod';
import type { Cache } from '../sync/ports';
import type { KeySpace } from './keys';

/**
 * JSON values under `<prefix>cache:<namespace>:<key>` with a TTL. With a schema,
 * values are parsed on read (restores Dates, drops entries of an older shape).
 */
export class RedisCache<T> implements Cache<T> {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
    private readonly namespace: string,
    private readonly schema?: z.ZodType<T, z.ZodTypeDef, unknown>,
  ) {}

  private k(key: string): string {
    return this.keys.key('cache', this.namespace, key);
  }

  async get(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.k(key));
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    if (!this.schema) return value as T;
    const parsed = this.schema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  async set(key: string, value: T, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.k(key), JSON.stringify(value), 'EX', ttlSeconds);
  }
}
