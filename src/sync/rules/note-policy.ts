/**
 * Which outbound events become a note in the helpdesk. By default only what an agent must act on:
 * an unknown or ambiguous customer, no contract or its hours used up, a message or a status from an ERP user,
 * a quote signed or refused, a refused time entry, a ticket refused for a field over Dolibarr's limits, a service level at risk or
 * breached, an escalation, a development issue opened, overdue or done, a file the
 * bridge could not carry, and a file an ERP user added (the note carries it). Everything else still reaches the helpdesk as its event
 * (data, and the fields the bridge maintains), without a note. `sync.notes` overrides this per event type.
 */
const NOTED_BY_DEFAULT: ReadonlySet<string> = new Set([
  'customer.unresolved',
  'customer.ambiguous',
  'contract.none',
  'erp.message_added',
  'erp.status_changed',
  'quote.signed',
  'quote.refused',
  'time_entry.rejected',
  'sla.at_risk',
  'sla.breached',
  'ticket.escalated',
  'attachment.rejected',
  'ticket.refused',
  'erp.document_added',
  'dev_issue.created',
  'dev_issue.overdue',
  'dev_issue.done',
]);

export interface NoteCandidate {
  type: string;
  data: Record<string, unknown>;
}

/** True when the event's note is written: the configured choice for its type, else the default. */
export function keepsNote(update: NoteCandidate, overrides: Readonly<Record<string, boolean>>): boolean {
  const configured = overrides[update.type];
  if (configured !== undefined) return configured;
  if (update.type === 'contract.resolved') return hoursUsedUp(update.data);
  return NOTED_BY_DEFAULT.has(update.type);
}

/** A covering contract whose prepaid hours are used up: the agent must know the time is billable. */
function hoursUsedUp(data: Record<string, unknown>): boolean {
  const remaining = data.remainingHours;
  return typeof remaining === 'number' && remaining <= 0;
}
