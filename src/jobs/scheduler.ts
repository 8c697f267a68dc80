import type { Scheduler } from '../sync/shared/deps';
import type { ErpChange } from '../sync/erp-change';
import type { TicketKey } from '../sync/ports';
import type { JobQueues } from './queues';
import { currentDeliveryBatch, type DeliveryBatch, type TicketDeliveries } from './delivery-batch';

/** The engine's requests for more work, as BullMQ jobs. */
export function queueScheduler(queues: JobQueues): Scheduler {
  return {
    mirrorTicket: async (key: TicketKey) => {
      await queues.enqueue('mirror-ticket', { helpdeskId: key.helpdeskId, ticketId: key.ticketId });
    },
    reflectErp: async (change: ErpChange) => {
      const payload =
        change.kind === 'message'
          ? { kind: change.kind, erpId: change.erpId, ticketErpId: change.ticketErpId }
          : change.kind === 'intervention' && change.contractId
            ? { kind: change.kind, erpId: change.erpId, contractId: change.contractId }
            : { kind: change.kind, erpId: change.erpId };
      await queues.enqueue('reflect-erp', payload);
    },
    deliverUpdate: async (key: TicketKey, eventId: string) => {
      const batch = currentDeliveryBatch();
      if (batch) await batch.add(key, eventId);
      else await enqueueDeliveries(queues, { key, eventIds: [eventId] });
    },
    raiseQuote: async (key: TicketKey, requestId: string) => {
      await queues.enqueue('raise-quote', { helpdeskId: key.helpdeskId, ticketId: key.ticketId, requestId });
    },
    devEscalate: async (key: TicketKey) => {
      await queues.enqueue('dev-escalate', { helpdeskId: key.helpdeskId, ticketId: key.ticketId });
    },
    checkDevIssue: async (key: TicketKey) => {
      await queues.enqueue('dev-issue-check', { helpdeskId: key.helpdeskId, ticketId: key.ticketId });
    },
  };
}

function enqueueDeliveries(queues: JobQueues, { key, eventIds }: TicketDeliveries): Promise<unknown> {
  return queues.enqueue('deliver-update', { helpdeskId: key.helpdeskId, ticketId: key.ticketId, eventIds });
}

/** Queues one delivery job per ticket for the updates a job collected (see DeliveryBatch). */
export async function queueDeliveries(queues: JobQueues, batch: DeliveryBatch): Promise<void> {
  for (const deliveries of batch.take()) await enqueueDeliveries(queues, deliveries);
}
