import type Redis from 'ioredis';
import type { Outbox } from '../sync/ports';
import type { OutboundUpdate } from '../plugin-sdk';
import type { KeySpace } from './keys';

const KEEP_SECONDS = 30 * 24 * 3600;
const DELIVERED = 'delivered';

/**
 * Outbound updates by event id, kept 30 days so that an update emitted again (same event id) is not queued again.
 * Once delivered, only a small marker stays under the same key: the update itself is no longer needed, and
 * the bytes of every delivered note add up over thousands of tickets.
 */

export class RedisOutbox implements Outbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private key(helpdeskId: string, eventId: string, part: 'update' | 'delivered' = 'update'): string {
    return this.keys.key('outbox', part, helpdeskId, eventId);
  }

  async put(helpdeskId: string, update: OutboundUpdate): Promise<boolean> {
    const stored = await this.redis.set(this.key(helpdeskId, update.eventId, 'update'), JSON.stringify(update), 'EX', KEEP_SECONDS, 'NX');
    return stored === 'OK';
  }

  async get(helpdeskId: string, eventId: string): Promise<OutboundUpdate | null> {
    const raw = await this.redis.get(this.key(helpdeskId, eventId, 'update'));
    if (!raw || raw === DELIVERED) return null;
    const parsed = JSON.parse(raw) as OutboundUpdate & { occurredAt: string; remindAt?: string };
    // JSON keeps instants as text: the plugins are given dates back.
    return { ...parsed, occurredAt: new Date(parsed.occurredAt), ...(parsed.remindAt ? { remindAt: new Date(parsed.remindAt) } : {}) };
  }

  async markDelivered(helpdeskId: string, eventId: string): Promise<void> {
    await this.redis.set(this.key(helpdeskId, eventId), DELIVERED, 'EX', KEEP_SECONDS);
  }

  /** Also reads the separate marker earlier versions wrote. */
  async isDelivered(helpdeskId: string, eventId: string): Promise<boolean> {
    const [current, legacy] = await Promise.all([
      this.redis.get(this.key(helpdeskId, eventId)),
      this.redis.exists(this.key(helpdeskId, eventId, 'delivered')),
    ]);
    return current === DELIVERED || legacy === 1;
  }
}
