import type { Customer, HelpdeskTicket, Owner } from '../../src/plugin-sdk';
import type { RtTicket } from './schemas';
import { categoryOf, type RtSettings } from './settings';

/** Expansions asked on GET /ticket/:id so names come with the references. */
export const TICKET_FIELDS = {
  'fields[Queue]': 'Name',
  'fields[Owner]': 'Name,EmailAddress,RealName',
  'fields[Requestor]': 'Name,EmailAddress,RealName',
};

/** RT's placeholder owner: the ticket has none. */
const NOBODY = 'Nobody';

export function toHelpdeskTicket(helpdeskId: string, t: RtTicket, body: string, settings: RtSettings): HelpdeskTicket {
  const stateCategory = categoryOf(settings, t.Status);
  return {
    helpdeskId,
    id: t.id,
    number: t.id,
    title: t.Subject.slice(0, 255),
    body,
    queue: t.Queue.Name ?? t.Queue.id,
    priority: t.Priority,
    state: t.Status,
    stateCategory,
    customer: customerOf(t),
    owner: ownerOf(t),
    createdAt: new Date(t.Created),
    updatedAt: new Date(t.LastUpdated),
    closedAt: CLOSED_CATEGORIES.has(stateCategory) ? rtDate(t.Resolved) : undefined,
    customFields: customFieldsOf(t),
  };
}

/** RT sets Resolved on entering any inactive status: resolved (closed) and rejected (removed) by default. */
const CLOSED_CATEGORIES = new Set(['resolved', 'closed', 'removed']);
/** RT REST2's "not set" date (ticket_get.json: Due, Started, Resolved). */
const UNSET_DATE = '1970-01-01T00:00:00Z';

/**
 * A set RT date; unset or unreadable (REST 1.0's "Not set") is none. Resolved is kept when a ticket is reopened (ticket_get_priority_after_string: open, Resolved set),
 * so only a resolved or rejected ticket has a close time.
 */
function rtDate(value: string | undefined): Date | undefined {
  if (value === undefined || value === UNSET_DATE) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The ticket's custom fields that have a value (RT lists every field of the queue, empty ones too: ticket_get),
 * several values joined by ", ", cut to the model's bounds rather than failing the whole ticket.
 */
function customFieldsOf(t: RtTicket): Record<string, string> | undefined {
  const entries = t.CustomFields.flatMap((cf) => {
    const value = cf.values.join(', ');
    return value === '' || cf.name.length > 255 ? [] : [[cf.name, value.slice(0, 10_000)] as const];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** The first requestor. Auto-created requestors are named by their address, so the id doubles as e-mail. */
function customerOf(t: RtTicket): Customer {
  const first = t.Requestor[0];
  if (!first) return {};
  const email = first.EmailAddress || (first.id.includes('@') ? first.id : undefined);
  return { email, name: first.RealName || undefined };
}

function ownerOf(t: RtTicket): Owner | undefined {
  if (!t.Owner || t.Owner.id === NOBODY) return undefined;
  return { login: t.Owner.Name ?? t.Owner.id, email: t.Owner.EmailAddress || undefined, name: t.Owner.RealName || undefined };
}

/** The single value of a custom field, '' when empty; undefined when the field is not on the ticket at all. */
export function customFieldValue(t: RtTicket, name: string): string | undefined {
  const cf = t.CustomFields.find((f) => f.name === name);
  return cf ? (cf.values[0] ?? '') : undefined;
}
