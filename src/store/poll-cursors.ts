import type Redis from 'ioredis';
import type { PollCursors } from '../sync/ports';
import type { KeySpace } from './keys';

/** Poll and backfill cursors, one string per name (`<prefix>cursor:<name>`), kept forever. */
export class RedisPollCursors implements PollCursors {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async get(name: string): Promise<string | null> {
    return this.redis.get(this.keys.key('cursor', name));
  }

  async set(name: string, value: string): Promise<void> {
    await this.redis.set(this.keys.key('cursor', name), value);
  }
}
