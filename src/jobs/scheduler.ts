import type { Scheduler } from '../sync/shared/deps';
import type { ErpChange } from '../sync/erp-change';
import type { TicketKey } from '../sync/ports';
import type { JobQueues } from './queues';

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
      await queues.enqueue('deliver-update', { helpdeskId: key.helpdeskId, ticketId: key.ticketId, eventId });
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
