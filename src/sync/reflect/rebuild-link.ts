import type { DolTicket } from '../../erp/dolibarr/types';
import type { TicketLink } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { parseTrackId } from '../shared/ticket-identity';
import { markMessagesUnverified } from '../mirror/sync-articles';

/**
 * The link of an ERP ticket the bridge made, rebuilt from its track_id after Redis was lost. It starts from the
 * ERP as it is: its status and every message it holds count as already reflected, so the bridge's own earlier
 * writes are not sent to the helpdesk as if ERP users had made them. Null for tickets the bridge did not make.
 */
export async function rebuildLink(ticket: DolTicket, deps: EngineDeps): Promise<TicketLink | null> {
  const key = parseTrackId(ticket.trackId);
  if (!key || !deps.adapters.has(key.source)) return null;
  const prefix = `${deps.sync.refPrefix}-`;
  const rest = ticket.ref.startsWith(prefix) ? ticket.ref.slice(prefix.length) : null;
  // The fallback ref (erpRefWithSource) carries the source before the number.
  const number = rest === null ? key.ticketId : rest.startsWith(`${key.source}-`) ? rest.slice(key.source.length + 1) : rest;
  const link: TicketLink = { ...key, helpdeskNumber: number, erpId: ticket.id, erpRef: ticket.ref, trackId: ticket.trackId };
  await deps.links.saveTicketLink(link);
  await deps.erpStatus.set(ticket.id, ticket.status);
  for (const m of await deps.erp.listTicketMessages(ticket.id)) {
    if (!(await deps.links.getErpMessageLink(m.id))) await deps.links.saveErpMessageLink(m.id, link);
  }
  await markMessagesUnverified(link, deps);
  return link;
}
