import type { EventIntake } from '../http/ports';
import type { InboundEvent } from '../plugin-sdk';
import type { AccountCacheControl, OnceStore, SnapshotStore } from '../sync/ports';
import type { Scheduler } from '../sync/shared/deps';
import type { ErpChange } from '../sync/erp-change';

const SEEN_TTL_SECONDS = 7 * 24 * 3600;

function ticketsOf(event: InboundEvent): string[] {
  switch (event.type) {
    case 'ticket.upserted':
      return [event.snapshot.ticket.id];
    case 'ticket.merged':
      return [event.ticketId, event.intoId];
    default:
      return [event.ticketId];
  }
}

/**
 * Makes accepted events durable before the webhook is answered: pushed data goes to
 * the snapshot store, then one mirror job per ticket is queued. A delivery id seen
 * before is skipped; it is recorded only after success, so a failed intake can be retried.
 */
export function createIntake(deps: {
  snapshots: SnapshotStore;
  once: OnceStore;
  scheduler: Scheduler;
  accountCaches: AccountCacheControl;
}): EventIntake {
  return {
    async acceptHelpdeskEvents(helpdeskId: string, events: InboundEvent[]) {
      const tickets = new Set<string>();
      const escalations = new Set<string>();
      let duplicates = 0;
      for (const event of events) {
        if (event.eventId && (await deps.once.has(`inbound:${helpdeskId}`, event.eventId))) {
          duplicates += 1;
          continue;
        }
        if (event.type !== 'ticket.changed') {
          const pushed =
            event.type === 'ticket.upserted'
              ? { ...event, snapshot: { ...event.snapshot, ticket: { ...event.snapshot.ticket, helpdeskId } } }
              : event;
          await deps.snapshots.apply(helpdeskId, pushed);
        }
        for (const id of ticketsOf(event)) tickets.add(id);
        if (event.type === 'ticket.dev_escalation_requested') escalations.add(event.ticketId);
      }
      for (const ticketId of tickets) await deps.scheduler.mirrorTicket({ helpdeskId, ticketId });
      // Queued after the mirror jobs: the escalation reads the ticket as the helpdesk pushed it.
      for (const ticketId of escalations) await deps.scheduler.devEscalate({ helpdeskId, ticketId });
      await Promise.all(events.flatMap((e) => (e.eventId ? [deps.once.claim(`inbound:${helpdeskId}`, e.eventId, SEEN_TTL_SECONDS)] : [])));
      return { queued: tickets.size, duplicates };
    },
    async acceptErpChange(change: ErpChange) {
      await deps.scheduler.reflectErp(change);
    },
    async acceptAccountsChange() {
      await deps.accountCaches.invalidate();
    },
  };
}
