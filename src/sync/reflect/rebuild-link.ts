import type { DolTicket } from '../../erp/dolibarr/types';
import type { TicketKey, TicketLink } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { readTrackId, ticketIdHash } from '../shared/ticket-identity';
import { ERP_EXTRAFIELDS, readExtrafield } from '../rules/erp-extrafields';
import { markMessagesUnverified } from '../mirror/sync-articles';

/**
 * The link of an ERP ticket the bridge made, rebuilt from its track_id after Redis was lost. It starts from the
 * ERP as it is: its status and every message it holds count as already reflected, so the bridge's own earlier
 * writes are not sent to the helpdesk as if ERP users had made them. Null for tickets the bridge did not make.
 */
export async function rebuildLink(ticket: DolTicket, deps: EngineDeps): Promise<TicketLink | null> {
  const key = keyOf(ticket, deps);
  if (!key || !deps.adapters.has(key.helpdeskId)) return null;
  const prefix = `${deps.sync.refPrefix}-`;
  const rest = ticket.ref.startsWith(prefix) ? ticket.ref.slice(prefix.length) : null;
  // The fallback ref (erpRefWithHelpdeskId) carries the helpdeskId before the number.
  const number = rest === null ? key.ticketId : rest.startsWith(`${key.helpdeskId}-`) ? rest.slice(key.helpdeskId.length + 1) : rest;
  const link: TicketLink = { ...key, helpdeskNumber: number, erpId: ticket.id, erpRef: ticket.ref, trackId: ticket.trackId };
  await deps.links.saveTicketLink(link);
  await deps.erpStatus.set(ticket.id, ticket.status);
  for (const m of await deps.erp.listTicketMessages(ticket.id)) {
    if (!(await deps.links.getErpMessageLink(link, m.id))) await deps.links.saveErpMessageLink(link, m.id);
  }
  await markMessagesUnverified(link, deps);
  return link;
}

/** The helpdesk key of a bridge-made ticket: from its track id, or for a hashed one from the helpdesk-id extrafield. */
function keyOf(ticket: DolTicket, deps: EngineDeps): TicketKey | null {
  const identity = readTrackId(ticket.trackId);
  if (!identity) return null;
  if (identity.kind === 'key') return identity.key;
  const ticketId = readExtrafield(ticket.extrafields, ERP_EXTRAFIELDS.ticket.helpdeskTicketId);
  if (ticketId && ticketIdHash(ticketId) === identity.hash) return { helpdeskId: identity.helpdeskId, ticketId };
  deps.logger.warn('ERP ticket of a long helpdesk id without its helpdesk-id extrafield: link not rebuilt (run `ticketbridge setup-erp`)', {
    erpId: ticket.id,
    trackId: ticket.trackId,
  });
  return null;
}
