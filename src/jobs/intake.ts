import type { EventIntake } from '../http/ports';
import type { InboundEvent } from '../plugin-sdk';
import type { AccountCacheControl, AppliedOnce, OnceStore, PushedEvent, SnapshotStore, TicketKey, WaitingJob } from '../sync/ports';
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

/** The ticket an event id is remembered with (its first, for a merge): the same event always names the same one. */
function claimTicket(helpdeskId: string, event: InboundEvent): TicketKey {
  return { helpdeskId, ticketId: ticketsOf(event)[0] };
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
  /** Helpdesk webhook requests handled at once (sync.intakeConcurrency); the others wait their turn. */
  concurrency: number;
  /** Where the ticket's mirror job waits, for an event that joins it in one step (snapshots.applyOnce). */
  waitingMirror?: (key: TicketKey) => WaitingJob | undefined;
}): EventIntake {
  const inTurn = takingTurns(deps.concurrency);
  return {
    acceptHelpdeskEvents: (helpdeskId: string, events: InboundEvent[]) => inTurn(() => accept(helpdeskId, events)),
    async acceptErpChange(change: ErpChange) {
      await deps.scheduler.reflectErp(change);
    },
    async acceptAccountsChange() {
      await deps.accountCaches.invalidate();
    },
  };

  async function accept(helpdeskId: string, events: InboundEvent[]) {
    const tickets = new Set<string>();
    const escalations = new Set<string>();
    const toClaim: InboundEvent[] = [];
    const joined = new Set<string>();
    let duplicates = 0;
    for (const event of events) {
      const once = event.eventId ? await applyOnce(helpdeskId, event, event.eventId) : undefined;
      if (once === 'duplicate') {
        duplicates += 1;
        continue;
      }
      if (once === 'joined') {
        joined.add(ticketsOf(event)[0]);
        continue;
      }
      if (once !== 'stored') {
        if (event.eventId && (await deps.once.hasRecent('inbound', claimTicket(helpdeskId, event), event.eventId, SEEN_TTL_SECONDS))) {
          duplicates += 1;
          continue;
        }
        // 'unchanged' came from the same merge against what is stored: applying again would write nothing.
        if (once === undefined && event.type !== 'ticket.changed') {
          await deps.snapshots.apply(helpdeskId, event.type === 'ticket.upserted' ? withHelpdeskId(event, helpdeskId) : event);
        }
      }
      toClaim.push(event);
      for (const id of ticketsOf(event)) tickets.add(id);
      if (event.type === 'ticket.dev_escalation_requested') escalations.add(event.ticketId);
    }
    for (const ticketId of tickets) await deps.scheduler.mirrorTicket({ helpdeskId, ticketId });
    // Queued after the mirror jobs: the escalation reads the ticket as the helpdesk pushed it.
    for (const ticketId of escalations) await deps.scheduler.devEscalate({ helpdeskId, ticketId });
    await Promise.all(
      toClaim.flatMap((e) => (e.eventId ? [deps.once.claimRecent('inbound', claimTicket(helpdeskId, e), e.eventId, SEEN_TTL_SECONDS)] : [])),
    );
    return { queued: new Set([...tickets, ...joined]).size, duplicates };
  }

  /**
   * The usual event of a burst (pushed state of one ticket, its mirror job already waiting) is stored, found new and
   * marked seen in one round trip; undefined, or 'unchanged', sends an event through the steps above.
   */
  async function applyOnce(helpdeskId: string, event: InboundEvent, eventId: string): Promise<AppliedOnce | undefined> {
    const onePushedTicket = event.type !== 'ticket.changed' && event.type !== 'ticket.merged' && event.type !== 'ticket.dev_escalation_requested';
    if (!deps.snapshots.applyOnce || !onePushedTicket) return undefined;
    const pushed = event.type === 'ticket.upserted' ? withHelpdeskId(event, helpdeskId) : event;
    const key = claimTicket(helpdeskId, event);
    return deps.snapshots.applyOnce(
      helpdeskId,
      pushed,
      { namespace: 'inbound', id: eventId, ttlSeconds: SEEN_TTL_SECONDS },
      deps.waitingMirror?.(key),
    );
  }
}

function withHelpdeskId(event: Extract<InboundEvent, { type: 'ticket.upserted' }>, helpdeskId: string): PushedEvent {
  return { ...event, snapshot: { ...event.snapshot, ticket: { ...event.snapshot.ticket, helpdeskId } } };
}

/** Runs at most `limit` tasks at once; the others wait, first come first served, and take a finished task's place. */
function takingTurns(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running < limit) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
