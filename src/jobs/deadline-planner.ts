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

/** The job each slot wakes up: service levels re-mirror the ticket, a development issue's due date checks the issue. */
const SLOT_JOBS: Readonly<Record<DeadlineSlot, { job: 'sla-check' | 'dev-issue-check'; idPrefix: string }>> = {
  'first-response': { job: 'sla-check', idPrefix: 'sla' },
  resolution: { job: 'sla-check', idPrefix: 'sla' },
  escalation: { job: 'sla-check', idPrefix: 'sla' },
  'dev-issue-due': { job: 'dev-issue-check', idPrefix: 'dev' },
};

/**
 * Deadlines as delayed jobs: service levels' `sla-check`, development issues' `dev-issue-check`. Each ticket and slot has at most one planned job; its
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
    const { job, idPrefix } = SLOT_JOBS[slot];
    const jobId = at ? `${idPrefix}|${encodeURIComponent(key.helpdeskId)}|${encodeURIComponent(key.ticketId)}|${slot}|${at.getTime()}` : null;
    if (previous === jobId) return;
    if (previous) await this.queues.cancelPlanned(job, previous);
    if (!at || !jobId) {
      await this.redis.hdel(hash, field);
      return;
    }
    await this.queues.enqueue(
      job,
      { helpdeskId: key.helpdeskId, ticketId: key.ticketId },
      { jobId, delayMs: Math.max(0, at.getTime() - this.now().getTime()) + MARGIN_MS },
    );
    await this.redis.hset(hash, field, jobId);
  }
}
