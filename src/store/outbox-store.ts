import type Redis from 'ioredis';
import type { Outbox } from '../sync/ports';
import type { OutboundUpdate } from '../plugin-sdk';
import type { KeySpace } from './keys';

const KEEP_SECONDS = 30 * 24 * 3600;

/** Outbound updates by event id; kept 30 days so a replay weeks later still finds them. */
export class RedisOutbox implements Outbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private key(source: string, eventId: string, part: 'update' | 'delivered'): string {
    return this.keys.key('outbox', part, source, eventId);
  }

  async put(source: string, update: OutboundUpdate): Promise<boolean> {
    const stored = await this.redis.set(this.key(source, update.eventId, 'update'), JSON.stringify(update), 'EX', KEEP_SECONDS, 'NX');
    return stored === 'OK';
  }

  async get(source: string, eventId: string): Promise<OutboundUpdate | null> {
    const raw = await this.redis.get(this.key(source, eventId, 'update'));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as OutboundUpdate & { occurredAt: string };
    return { ...parsed, occurredAt: new Date(parsed.occurredAt) };
  }

  async markDelivered(source: string, eventId: string): Promise<void> {
    await this.redis.set(this.key(source, eventId, 'delivered'), '1', 'EX', KEEP_SECONDS);
  }

  async isDelivered(source: string, eventId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(source, eventId, 'delivered'))) === 1;
  }
}
