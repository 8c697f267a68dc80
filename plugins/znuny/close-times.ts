import type { TicketSnapshot } from '../../src/plugin-sdk';
import { fromZnunyTime } from './dates';
import type { ZnunyHistoryEntry } from './schemas';
import { timeEntryId } from './ticket-mapper';

const CLOSED_CATEGORIES = new Set(['resolved', 'closed', 'removed']);

/** Whether the snapshot's ticket is closed, so that its close time decides which time entries came late. */
export function isClosed(snapshot: TicketSnapshot): boolean {
  return CLOSED_CATEGORIES.has(snapshot.ticket.stateCategory);
}

/**
 * The close time and booking times by Znuny's own clock, read from the history of a closed ticket: the close is the
 * last StateUpdate (the one into its current, closed state; the creation when it was created closed), and an article's
 * time was booked at its last TimeAccounting entry (TimeAccountingGet has no ArticleID, the history has:
 * 06_tickethistoryget_updated_ticket).
 */
export function withCloseTimes(snapshot: TicketSnapshot, history: readonly ZnunyHistoryEntry[], zone: string, system: string): TicketSnapshot {
  const at = (e: ZnunyHistoryEntry) => fromZnunyTime(e.CreateTime, zone, `TicketHistory.${e.HistoryType}.CreateTime`, system);
  const lastStateUpdate = history.filter((e) => e.HistoryType === 'StateUpdate').at(-1);
  const bookedAt = new Map<string, Date>();
  for (const e of history) if (e.HistoryType === 'TimeAccounting' && e.ArticleID !== '0') bookedAt.set(timeEntryId(e.ArticleID), at(e));
  return {
    ...snapshot,
    ticket: { ...snapshot.ticket, closedAt: lastStateUpdate ? at(lastStateUpdate) : snapshot.ticket.createdAt },
    timeEntries: snapshot.timeEntries.map((t) => {
      const booked = bookedAt.get(t.id);
      return booked ? { ...t, bookedAt: booked } : t;
    }),
  };
}
