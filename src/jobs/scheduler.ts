import type { EngineDeps, Scheduler } from '../sync/shared/deps';
import type { ErpChange } from '../sync/erp-change';
import type { TicketKey } from '../sync/ports';
import type { JobQueues } from './queues';
import type { DeliveryBatch, TicketDeliveries } from './delivery-batch';
import type { Urgency } from './urgency';

/**
 * On whose behalf work is queued: the urgency it inherits and, inside a job, the batch that collects the job's
 * helpdesk updates. Passed explicitly rather than kept in an AsyncLocalStorage: an active one puts a hook on every
 * promise the process makes, and the service makes many per event.
 */
export interface WorkScope {
  urgency: Urgency;
  deliveries?: DeliveryBatch;
}

/** Outside any job or bulk command, work comes from a webhook: a person's change. */
const A_PERSON: WorkScope = { urgency: 'person' };

/** The engine's requests for more work, as BullMQ jobs. */
export function queueScheduler(queues: JobQueues, scope: WorkScope = A_PERSON): Scheduler {
  const opts = { urgency: scope.urgency };
  return {
    mirrorTicket: async (key: TicketKey) => {
      await queues.enqueue('mirror-ticket', { helpdeskId: key.helpdeskId, ticketId: key.ticketId }, opts);
    },
    reflectErp: async (change: ErpChange) => {
      const payload =
        change.kind === 'message'
          ? { kind: change.kind, erpId: change.erpId, ticketErpId: change.ticketErpId }
          : change.kind === 'intervention' && change.contractId
            ? { kind: change.kind, erpId: change.erpId, contractId: change.contractId }
            : { kind: change.kind, erpId: change.erpId };
      await queues.enqueue('reflect-erp', payload, opts);
    },
    deliverUpdate: async (key: TicketKey, eventId: string) => {
      if (scope.deliveries) await scope.deliveries.add(key, eventId);
      else await enqueueDeliveries(queues, { key, eventIds: [eventId] }, scope.urgency);
    },
    raiseQuote: async (key: TicketKey, requestId: string) => {
      await queues.enqueue('raise-quote', { helpdeskId: key.helpdeskId, ticketId: key.ticketId, requestId }, opts);
    },
    devEscalate: async (key: TicketKey) => {
      await queues.enqueue('dev-escalate', { helpdeskId: key.helpdeskId, ticketId: key.ticketId }, opts);
    },
    checkDevIssue: async (key: TicketKey) => {
      await queues.enqueue('dev-issue-check', { helpdeskId: key.helpdeskId, ticketId: key.ticketId }, opts);
    },
  };
}

/** The engine as work of that scope sees it: the same stores and rules, and a scheduler queueing on its behalf. */
export function scopedEngine(engine: EngineDeps, queues: JobQueues): (scope: WorkScope) => EngineDeps {
  // Descriptors, not a spread: the mapping is a getter (the admin page changes it at run time). Read for each scope,
  // so that a scope sees the engine as it is then.
  return (scope) =>
    Object.defineProperties(
      {},
      { ...Object.getOwnPropertyDescriptors(engine), scheduler: { value: queueScheduler(queues, scope), enumerable: true } },
    ) as EngineDeps;
}

function enqueueDeliveries(queues: JobQueues, { key, eventIds }: TicketDeliveries, urgency: Urgency): Promise<unknown> {
  return queues.enqueue('deliver-update', { helpdeskId: key.helpdeskId, ticketId: key.ticketId, eventIds }, { urgency });
}

/** Queues one delivery job per ticket for the updates a job collected (see DeliveryBatch), with that job's urgency. */
export async function queueDeliveries(queues: JobQueues, batch: DeliveryBatch, urgency: Urgency): Promise<void> {
  for (const deliveries of batch.take()) await enqueueDeliveries(queues, deliveries, urgency);
}
