/**
 * Which helpdesk takes a ticket opened in Dolibarr by something other than this bridge (an ERP user, the public
 * portal, the mail collector, a script, another TicketBridge deployment).
 */
type ErpTicketOrigin = 'email' | 'portal' | 'user';

/** A helpdesk's `erpTickets` setting: every non-empty list must match; `{}` takes every ticket; absent takes none. */
export interface ErpTicketFilter {
  types: string[];
  categories: string[];
  thirdParties: number[];
  origins: ErpTicketOrigin[];
}

export interface ErpTicketFacts {
  trackId: string;
  typeCode: string | null;
  categoryCode: string | null;
  socid: number | null;
  origin: ErpTicketOrigin;
}

const BRIDGE_TRACK_ID = /^tb_([a-z][a-z0-9-]*)_/;

/** The helpdesk id a bridge-made track id names (`tb_<helpdeskId>_…`), or null for any other track id. */
export function bridgeHelpdeskOf(trackId: string): string | null {
  return BRIDGE_TRACK_ID.exec(trackId)?.[1] ?? null;
}

export type Routing = { kind: 'helpdesk'; id: string } | { kind: 'none'; reason: string };

/**
 * The first helpdesk (in configuration order) whose filter takes the ticket. A ticket whose track id was made by a
 * bridge for a helpdesk this deployment does not serve belongs to that other deployment and is never taken.
 */
export function routeErpTicket(ticket: ErpTicketFacts, helpdesks: ReadonlyArray<{ id: string; filter?: ErpTicketFilter }>): Routing {
  const helpdeskId = bridgeHelpdeskOf(ticket.trackId);
  if (helpdeskId !== null && !helpdesks.some((h) => h.id === helpdeskId)) {
    return { kind: 'none', reason: `track id made by another TicketBridge deployment (helpdesk "${helpdeskId}")` };
  }
  const taker = helpdesks.find((h) => h.filter && matches(ticket, h.filter));
  if (taker) return { kind: 'helpdesk', id: taker.id };
  return { kind: 'none', reason: 'no helpdesk takes it (helpdesks.<id>.erpTickets)' };
}

function matches(t: ErpTicketFacts, f: ErpTicketFilter): boolean {
  const within = <T>(list: readonly T[], value: T | null) => list.length === 0 || (value !== null && list.includes(value));
  return within(f.types, t.typeCode) && within(f.categories, t.categoryCode) && within(f.thirdParties, t.socid) && within(f.origins, t.origin);
}
