import { type TicketSnapshot, DuplicateError } from '../../plugin-sdk';
import type { DolTicket } from '../../erp/dolibarr/types';
import type { NewTicket } from '../../erp/dolibarr/api';
import type { KnownErpTicket, TicketKey, TicketLink } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { erpRefFor, erpRefWithHelpdeskId, trackIdFor } from '../shared/ticket-identity';
import { mapTicketFields } from '../shared/field-mapping';
import { asDolibarrPlainText } from '../shared/text';
import { assigneeOrUnresolved } from './owner';
import { leavesUnresolved, unresolvedUpdate } from '../shared/unresolved';
import { emitUpdate, emitUpdates, type NewUpdate } from '../shared/emit-update';
import type { Account } from './account';
import { ticketCardExtrafields } from '../rules/ticket-card';
import { statusSideFields } from '../rules/ticket-close';

export interface EnsuredTicket {
  link: TicketLink;
  erpTicket: KnownErpTicket;
  created: boolean;
  /** Found in Dolibarr by its track_id rather than created or known. */
  adopted?: boolean;
  account?: Account;
}

function linkOf(key: TicketKey, number: string, t: DolTicket): TicketLink {
  return { ...key, helpdeskNumber: number, erpId: t.id, erpRef: t.ref, trackId: t.trackId };
}

function sideFieldsOfNew(status: number, now: Date): Pick<NewTicket, 'progress' | 'closedAt' | 'readAt'> {
  const side = statusSideFields({ status: 0, closedAt: null, readAt: null, progress: 0 }, status, now);
  return { progress: side.progress, closedAt: side.closedAt ?? undefined, readAt: side.readAt ?? undefined };
}

/**
 * Finds the ERP ticket of a helpdesk ticket (`known`: its link as read at the run's start, under the ticket's lock)
 * or creates it exactly once. A linked ticket is taken as last written or read (read from Dolibarr only when not
 * known). An unlinked one is created at once: the bridge's own ref is unique in Dolibarr, so a create that already
 * happened (an answer lost, Redis lost) fails as a duplicate, and only then is the ticket looked up by its track_id.
 * Returns null when the ERP ticket was deleted in Dolibarr: a user removed it on purpose.
 */
export async function ensureErpTicket(
  key: TicketKey,
  snapshot: TicketSnapshot,
  known: TicketLink | null,
  deps: EngineDeps,
): Promise<EnsuredTicket | null> {
  if (known) {
    const erpTicket = (await deps.erpTickets.get(key, known.erpId)) ?? (await readErpTicket(key, known.erpId, deps));
    if (!erpTicket) {
      deps.logger.warn('ERP ticket deleted in Dolibarr; helpdesk changes are no longer mirrored', {
        ...key,
        erpId: known.erpId,
        erpRef: known.erpRef,
      });
      return null;
    }
    return { link: known, erpTicket, created: false };
  }
  const { ticket } = snapshot;
  const account = await deps.resolveAccount(ticket, key);
  const fields = mapTicketFields(ticket, deps.mapping);
  const subject = asDolibarrPlainText(ticket.title) || `Ticket ${ticket.number}`;
  const input: NewTicket = {
    ref: erpRefFor(deps.sync.refPrefix, ticket.number),
    trackId: trackIdFor(key),
    subject,
    // Dolibarr refuses a ticket without message (400), so an empty body falls back to the title, then the subject.
    message: ticket.body.trim() || ticket.title.trim() || subject,
    typeCode: fields.typeCode,
    categoryCode: fields.categoryCode,
    severityCode: fields.severityCode,
    status: fields.status,
    // What Dolibarr would have written reading or closing it (a ticket mirrored when already answered or closed).
    ...sideFieldsOfNew(fields.status, deps.now()),
    socid: account.socid,
    contractId: account.contractId,
    // No origin_email: Dolibarr's card calls any ticket with one "Created from Public portal". The requester is an extrafield.
    userAssignId: await assigneeOrUnresolved(key, ticket.owner, deps),
    // Shown on the ERP ticket card; Dolibarr ignores them until `ticketbridge setup-erp` has created the fields.
    extrafields: ticketCardExtrafields({
      helpdeskId: key.helpdeskId,
      ticket,
      ticketUrl: deps.ticketUrls?.[key.helpdeskId],
      contactId: account.contactId,
      contractId: account.contractId,
      defaultCountry: deps.rules.customer.defaultCountry,
    }),
  };
  let outcome: CreateOutcome;
  try {
    outcome = await createOnce(input, key, ticket.number, deps);
  } catch (err) {
    if (err instanceof DuplicateError || !leavesUnresolved(err)) throw err;
    // Dolibarr refused a field: the ticket itself goes in with what it cannot do without; the rest waits for the next change.
    deps.logger.warn('ERP ticket created without its enrichment fields', { ...key, error: (err as Error).message });
    await emitUpdate(deps, key, unresolvedUpdate('fields', key, err));
    const { ref, trackId, subject, message } = input;
    outcome = await createOnce({ ref, trackId, subject, message }, key, ticket.number, deps);
  }
  if (outcome.adopted) {
    const link = linkOf(key, ticket.number, outcome.erpTicket);
    // The run that created it may have stopped before the helpdesk was told (reported again, it is delivered once).
    await emitUpdate(deps, key, linkedUpdate(key, outcome.erpTicket));
    // Its memory is written with the link, as for a ticket created (below).
    await Promise.all([deps.links.saveTicketLink(link, known), deps.erpTickets.set(key, outcome.erpTicket)]);
    deps.logger.info('ERP ticket found by track_id and linked again', { ...key, erpId: link.erpId, erpRef: link.erpRef });
    return { link, erpTicket: outcome.erpTicket, created: false, adopted: true };
  }
  const { erpTicket } = outcome;
  const link = linkOf(key, ticket.number, erpTicket);
  // Reported before the link is saved: a run stopped in between finds no link, adopts the ticket and reports it then,
  // and its field sync reports the account again.
  await emitUpdates(deps, key, [linkedUpdate(key, erpTicket), ...account.updates]);
  // What the bridge remembers of the new ERP ticket is written with the link (round trips shared): a run stopped before
  // the link is saved adopts the ticket and writes both again. The ticket had no link when the run read it, under its lock.
  await Promise.all([
    deps.links.saveTicketLink(link, known),
    deps.erpTickets.set(key, erpTicket),
    deps.erpStatus.set(erpTicket.id, erpTicket.status),
  ]);
  deps.logger.info('ERP ticket created', {
    ...key,
    erpId: erpTicket.id,
    erpRef: erpTicket.ref,
    socid: account.socid,
    contractId: account.contractId,
  });
  return { link, erpTicket, created: true, account };
}

function linkedUpdate(key: TicketKey, erpTicket: DolTicket): NewUpdate {
  return {
    eventId: `erp.ticket_linked:${key.helpdeskId}:${key.ticketId}:${erpTicket.id}`,
    type: 'erp.ticket_linked',
    data: { erpId: erpTicket.id, erpRef: erpTicket.ref },
    fields: { erpRef: erpTicket.ref },
  };
}

async function readErpTicket(key: TicketKey, erpId: number, deps: EngineDeps): Promise<KnownErpTicket | null> {
  const erpTicket = await deps.erp.getTicket(erpId);
  if (erpTicket) await deps.erpTickets.set(key, erpTicket);
  return erpTicket;
}

interface CreateOutcome {
  erpTicket: DolTicket;
  adopted: boolean;
}

/**
 * Creates the ticket, or finds the one an earlier attempt created: a duplicate ref is ours when the track_id
 * answers; otherwise another helpdesk has a ticket with this number, and the ref gets the helpdeskId.
 */

async function createOnce(input: NewTicket, key: TicketKey, number: string, deps: EngineDeps): Promise<CreateOutcome> {
  try {
    return { erpTicket: await deps.erp.createTicket(input), adopted: false };
  } catch (err) {
    if (!(err instanceof DuplicateError)) throw err;
  }
  const existing = await deps.erp.getTicketByTrackId(input.trackId);
  if (existing) return { erpTicket: existing, adopted: true };
  try {
    return {
      erpTicket: await deps.erp.createTicket({ ...input, ref: erpRefWithHelpdeskId(deps.sync.refPrefix, key.helpdeskId, number) }),
      adopted: false,
    };
  } catch (err) {
    if (!(err instanceof DuplicateError)) throw err;
    // Both refs taken and no track_id answered before: the helpdeskId-qualified one may be ours after all.
    const again = await deps.erp.getTicketByTrackId(input.trackId);
    if (again) return { erpTicket: again, adopted: true };
    throw err;
  }
}
