import type Redis from 'ioredis';
import type { CursorStore } from '../sync/ports';
import type { KeySpace } from './redis';

/** Poll cursors, one string per name (`<prefix>cursor:<name>`), kept forever. */
export class RedisCursorStore implements CursorStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async getCursor(name: string): Promise<string | null> {
    return this.redis.get(this.keys.key('cursor', name));
  }

  async setCursor(name: string, value: string): Promise<void> {
    await this.redis.set(this.keys.key('cursor', name), value);
  }
}
