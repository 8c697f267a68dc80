import type { TicketUpdate } from '../../erp/dolibarr/api';
import type { DolTicket } from '../../erp/dolibarr/types';

/** Dolibarr's closed (8) and canceled/abandoned (9) ticket statuses. */
const CLOSED_STATUSES: ReadonlySet<number> = new Set([8, 9]);
const NOT_READ = 0;

/**
 * The fields Dolibarr itself writes with a status, which a PUT of `status` alone leaves behind
 * (recorded on 23.0: a closed ticket kept no closing date and 0 %):
 * - Ticket::close() (a user's "Close" or "Abandon") sets progress=100 and date_close=now;
 * - Ticket::markAsRead() sets date_read=now when a ticket leaves "not read";
 * - reopening (Dolibarr's own leaves them) clears the closing date and the 100 %, so the card
 *   no longer says the ticket was closed.
 * State-based: a ticket closed by an earlier version without a closing date gets one on its next sync.
 */
export function statusSideFields(ticket: Pick<DolTicket, 'status' | 'closedAt' | 'readAt' | 'progress'>, status: number, now: Date): TicketUpdate {
  const update: TicketUpdate = {};
  if (CLOSED_STATUSES.has(status)) {
    if (ticket.closedAt === null || !CLOSED_STATUSES.has(ticket.status)) update.closedAt = now;
    if (ticket.progress !== 100) update.progress = 100;
  } else if (ticket.closedAt !== null || (CLOSED_STATUSES.has(ticket.status) && ticket.progress === 100)) {
    update.closedAt = null;
    update.progress = 0;
  }
  if (status !== NOT_READ && ticket.readAt === null) update.readAt = now;
  return update;
}
