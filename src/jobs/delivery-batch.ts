import type { Job } from 'bullmq';
import { z } from 'zod';
import type { TicketKey } from '../sync/ports';

export interface TicketDeliveries {
  key: TicketKey;
  /** In the order they were queued. */
  eventIds: string[];
}

/**
 * The helpdesk updates one job queued, delivered by one job per ticket once that job is over: a mirror run usually
 * reports several facts at once (ticket linked, contract resolved), and a job per fact cost its own queue work and
 * met the ticket's lock the run still held.
 */
export class DeliveryBatch {
  private readonly tickets = new Map<string, TicketDeliveries>();
  private keeping?: Promise<unknown>;

  /**
   * `keep` stores the batch with its job each time it grows, and `kept` is what an earlier attempt of the job stored:
   * the updates a run reported are stored in the outbox at once, and a run killed before its end would otherwise leave
   * them there undelivered whenever the run that takes over does not report them again (it finds the ticket linked
   * already, say). One it does report again is queued again (emitUpdate).
   */
  constructor(
    private readonly keep: (batch: TicketDeliveries[]) => Promise<unknown>,
    kept: readonly TicketDeliveries[],
  ) {
    for (const { key, eventIds } of kept) for (const eventId of eventIds) this.put(key, eventId);
  }

  async add(key: TicketKey, eventId: string): Promise<void> {
    if (!this.put(key, eventId)) return;
    // Updates added in one turn (reported together) are kept in one write: each write holds the whole batch.
    this.keeping ??= Promise.resolve().then(() => {
      this.keeping = undefined;
      return this.keep([...this.tickets.values()]);
    });
    await this.keeping;
  }

  /** False when the batch held the update already. */
  private put(key: TicketKey, eventId: string): boolean {
    const id = JSON.stringify([key.helpdeskId, key.ticketId]);
    const entry = this.tickets.get(id) ?? { key, eventIds: [] };
    this.tickets.set(id, entry);
    if (entry.eventIds.includes(eventId)) return false;
    entry.eventIds.push(eventId);
    return true;
  }

  /** The updates of the tickets `pick` chooses, taken out of the batch. */
  takeWhere(pick: (key: TicketKey) => boolean): TicketDeliveries[] {
    const taken: TicketDeliveries[] = [];
    for (const [id, entry] of this.tickets) {
      if (!pick(entry.key)) continue;
      taken.push(entry);
      this.tickets.delete(id);
    }
    return taken;
  }

  /** Puts back updates taken out (not delivered after all). */
  restore(taken: readonly TicketDeliveries[]): void {
    for (const { key, eventIds } of taken) for (const eventId of eventIds) this.put(key, eventId);
  }

  /** Every ticket's updates; the batch is empty afterwards. */
  take(): TicketDeliveries[] {
    const all = [...this.tickets.values()];
    this.tickets.clear();
    return all;
  }
}

const keptSchema = z.object({
  deliveries: z.array(z.object({ key: z.object({ helpdeskId: z.string(), ticketId: z.string() }), eventIds: z.array(z.string()) })),
});

/** A job's batch, kept in its BullMQ progress (which nothing else of the bridge sets), where its next attempt finds it. */
export function jobDeliveryBatch(job: Pick<Job, 'progress' | 'updateProgress'>): DeliveryBatch {
  // A retried job's kept updates were queued already, unless its run was killed: queued again, they are found delivered.
  const kept = typeof job.progress === 'object' ? keptSchema.safeParse(job.progress) : undefined;
  return new DeliveryBatch((batch) => job.updateProgress({ deliveries: batch }), kept?.success ? kept.data.deliveries : []);
}
