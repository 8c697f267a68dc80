import type Redis from 'ioredis';
import type { KeySpace } from '../store';
import type { TicketKey } from '../sync/ports';
import type { DeadlinePlanner, DeadlineSlot } from '../sync/ports';
import type { JobQueues } from './queues';

/**
 * The check fires this long after the planned instant, so the clock the job reads is surely past it
 * (a check that found nothing changed would plan the same instant again and never fire).
 */
const MARGIN_MS = 1000;

/**
 * Service-level deadlines as delayed `sla-check` jobs. Each ticket and slot has at most one planned job; its
 * id names the instant (BullMQ ignores a second job with the same id), and a Redis hash remembers it so
 * planning again removes the earlier job. A job that already fired is harmless: it only re-mirrors the ticket.
 */
export class QueueDeadlinePlanner implements DeadlinePlanner {
  constructor(
    private readonly queues: JobQueues,
    private readonly redis: Redis,
    private readonly keys: KeySpace,
    private readonly now: () => Date,
  ) {}

  private slotField(key: TicketKey, slot: DeadlineSlot): string {
    return JSON.stringify([key.helpdeskId, key.ticketId, slot]);
  }

  async plan(key: TicketKey, slot: DeadlineSlot, at: Date | null): Promise<void> {
    const hash = this.keys.key('sla', 'deadlines');
    const field = this.slotField(key, slot);
    const previous = await this.redis.hget(hash, field);
    const jobId = at ? `sla|${encodeURIComponent(key.helpdeskId)}|${encodeURIComponent(key.ticketId)}|${slot}|${at.getTime()}` : null;
    if (previous === jobId) return;
    if (previous) await this.queues.cancelPlanned('sla-check', previous);
    if (!at || !jobId) {
      await this.redis.hdel(hash, field);
      return;
    }
    await this.queues.enqueue(
      'sla-check',
      { helpdeskId: key.helpdeskId, ticketId: key.ticketId },
      { jobId, delayMs: Math.max(0, at.getTime() - this.now().getTime()) + MARGIN_MS },
    );
    await this.redis.hset(hash, field, jobId);
  }
}
