import type Redis from 'ioredis';
import type { EchoMarkers } from '../sync/ports';
import type { KeySpace } from './keys';

/** Long enough for the slowest webhook or poll to bring the echo back. */
const DEFAULT_ECHO_TTL_SECONDS = 3600;

/** `<prefix>echo:<key>` markers; consuming is atomic so one echo is suppressed once. */
export class RedisEchoMarkers implements EchoMarkers {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async mark(key: string, ttlSeconds = DEFAULT_ECHO_TTL_SECONDS): Promise<void> {
    await this.redis.set(this.keys.key('echo', key), '1', 'EX', ttlSeconds);
  }

  async consume(key: string): Promise<boolean> {
    return (await this.redis.getdel(this.keys.key('echo', key))) !== null;
  }

  /** One round trip for all of them. */
  async marked(keys: readonly string[]): Promise<boolean[]> {
    const found = await Promise.all(keys.map((key) => this.redis.exists(this.keys.key('echo', key))));
    return found.map((n) => n === 1);
  }
}
