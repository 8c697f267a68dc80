import type Redis from 'ioredis';
import type { OnceStore } from '../sync/ports';
import type { KeySpace } from './keys';

/** `<prefix>once:<namespace>:<key>` claims; without a TTL a claim is kept forever. */
export class RedisOnceStore implements OnceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private k(namespace: string, key: string): string {
    return this.keys.key('once', namespace, key);
  }

  async claim(namespace: string, key: string, ttlSeconds?: number): Promise<boolean> {
    const at = String(Date.now());
    const res = ttlSeconds
      ? await this.redis.set(this.k(namespace, key), at, 'EX', ttlSeconds, 'NX')
      : await this.redis.set(this.k(namespace, key), at, 'NX');
    return res === 'OK';
  }

  async has(namespace: string, key: string): Promise<boolean> {
    return (await this.redis.exists(this.k(namespace, key))) === 1;
  }

  async release(namespace: string, key: string): Promise<void> {
    await this.redis.del(this.k(namespace, key));
  }
}
