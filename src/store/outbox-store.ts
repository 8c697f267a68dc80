import type Redis from 'ioredis';
import type { Outbox, TicketKey } from '../sync/ports';
import type { OutboundUpdate } from '../plugin-sdk';
import type { KeySpace } from './keys';
import { addRecentMark, hasRecentMark } from './recent-marks';

const KEEP_SECONDS = 30 * 24 * 3600;
/** What earlier versions left under the update's key once delivered. */
const DELIVERED = 'delivered';

/**
 * Outbound updates by event id (`outbox:update:<helpdeskId>:<eventId>`), kept 30 days, until delivered. Delivered ones
 * are marked in one hash per ticket (`outbox:done:<helpdeskId>:<ticketId>`, recent-marks) for 30 days, so that an
 * update emitted again (same event id) is neither queued nor delivered again: a key per delivered update, as earlier
 * versions kept (the string "delivered" under the update's key, or `outbox:delivered:…` before that), cost over 150
 * bytes each; those are still read.
 */
export class RedisOutbox implements Outbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private updateKey(helpdeskId: string, eventId: string): string {
    return this.keys.key('outbox', 'update', helpdeskId, eventId);
  }

  private doneKey(key: TicketKey): string {
    return this.keys.key('outbox', 'done', key.helpdeskId, key.ticketId);
  }

  async put(helpdeskId: string, update: OutboundUpdate): Promise<boolean> {
    if (await hasRecentMark(this.redis, this.doneKey({ helpdeskId, ticketId: update.ticketId }), update.eventId, KEEP_SECONDS)) return false;
    const stored = await this.redis.set(this.updateKey(helpdeskId, update.eventId), JSON.stringify(update), 'EX', KEEP_SECONDS, 'NX');
    return stored === 'OK';
  }

  async get(helpdeskId: string, eventId: string): Promise<OutboundUpdate | null> {
    const raw = await this.redis.get(this.updateKey(helpdeskId, eventId));
    if (!raw || raw === DELIVERED) return null;
    const parsed = JSON.parse(raw) as OutboundUpdate & { occurredAt: string; remindAt?: string };
    // JSON keeps instants as text: the plugins are given dates back.
    return { ...parsed, occurredAt: new Date(parsed.occurredAt), ...(parsed.remindAt ? { remindAt: new Date(parsed.remindAt) } : {}) };
  }

  /** Marks first, then drops the update: a crash in between leaves an update that is never delivered twice. */
  async markDelivered(key: TicketKey, eventId: string): Promise<void> {
    await addRecentMark(this.redis, this.doneKey(key), eventId, KEEP_SECONDS);
    await this.redis.del(this.updateKey(key.helpdeskId, eventId));
  }

  async isDelivered(key: TicketKey, eventId: string): Promise<boolean> {
    const [marked, current, legacy] = await Promise.all([
      hasRecentMark(this.redis, this.doneKey(key), eventId, KEEP_SECONDS),
      this.redis.get(this.updateKey(key.helpdeskId, eventId)),
      this.redis.exists(this.keys.key('outbox', 'delivered', key.helpdeskId, eventId)),
    ]);
    return marked || current === DELIVERED || legacy === 1;
  }
}
