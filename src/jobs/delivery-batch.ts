import { AsyncLocalStorage } from 'node:async_hooks';
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

  add(key: TicketKey, eventId: string): void {
    const id = JSON.stringify([key.helpdeskId, key.ticketId]);
    const entry = this.tickets.get(id) ?? { key, eventIds: [] };
    if (!entry.eventIds.includes(eventId)) entry.eventIds.push(eventId);
    this.tickets.set(id, entry);
  }

  /** Every ticket's updates; the batch is empty afterwards. */
  take(): TicketDeliveries[] {
    const all = [...this.tickets.values()];
    this.tickets.clear();
    return all;
  }
}

const scope = new AsyncLocalStorage<DeliveryBatch>();

/** Deliveries queued inside `fn` are collected in the batch instead of queued one by one. */
export function withDeliveryBatch<T>(batch: DeliveryBatch, fn: () => Promise<T>): Promise<T> {
  return scope.run(batch, fn);
}

export function currentDeliveryBatch(): DeliveryBatch | undefined {
  return scope.getStore();
}
