import { ForbiddenError, remoteMessageOf, InvalidRequestError, type IntegrationError } from '../../src/plugin-sdk';
import type { RtClient } from './client';
import { PERMISSION } from './errors';
import { rtTicketSchema, type RtTicket } from './schemas';
import { customFieldValue } from './ticket-mapper';

/**
 * What a write meant to leave on the ticket. RT answers writes with 200/201 and a list of human-readable
 * messages, success and refusal alike, and silently drops unknown fields, invalid values, custom fields not
 * applied to the queue and invalid requestors. So the ticket is read back and compared.
 */
export interface Expected {
  status?: string;
  /** RT custom field name → value, with the bridge's name of the field for the error. */
  customFields?: Array<{ name: string; value: string; field: string }>;
  requestor?: string;
  /** Queue name and owner login (escalation). */
  queue?: string;
  owner?: string;
  /** The due date, to the second. */
  due?: Date;
}

export interface Mismatch {
  field: string;
  wanted: string;
  got: string;
}

export function compare(ticket: RtTicket, expected: Expected): Mismatch[] {
  const out: Mismatch[] = [];
  if (expected.status !== undefined && ticket.Status !== expected.status) {
    out.push({ field: 'state', wanted: expected.status, got: ticket.Status });
  }
  for (const cf of expected.customFields ?? []) {
    const got = customFieldValue(ticket, cf.name);
    if (got === undefined)
      out.push({
        field: cf.field,
        wanted: cf.value,
        got: `custom field '${cf.name}' not on the ticket (not applied to its queue, or not visible to the API user)`,
      });
    else if (got.trim() !== cf.value.trim()) out.push({ field: cf.field, wanted: cf.value, got });
  }
  if (expected.queue !== undefined && ticket.Queue.Name !== expected.queue) {
    out.push({ field: 'move.queue', wanted: expected.queue, got: ticket.Queue.Name ?? `queue ${ticket.Queue.id}` });
  }
  if (expected.owner !== undefined && ticket.Owner?.id !== expected.owner) {
    out.push({ field: 'move.owner', wanted: expected.owner, got: ticket.Owner?.id ?? 'nobody' });
  }
  if (expected.due !== undefined) {
    const got = ticket.Due ? new Date(ticket.Due) : undefined;
    if (got?.getTime() !== expected.due.getTime())
      out.push({ field: 'remindAt', wanted: expected.due.toISOString(), got: ticket.Due ?? 'no due date' });
  }
  if (expected.requestor !== undefined) {
    const wanted = expected.requestor.toLowerCase();
    const found = ticket.Requestor.some((r) => (r.EmailAddress || r.id).toLowerCase() === wanted);
    if (!found)
      out.push({ field: 'customer.email', wanted: expected.requestor, got: ticket.Requestor.map((r) => r.id).join(', ') || 'no requestor' });
  }
  return out;
}

export function refusal(site: { system: string; method: string; path: string }, mismatches: Mismatch[], messages: unknown): IntegrationError {
  const remoteMessage = remoteMessageOf(messages);
  const fields = mismatches.map((m) => `${m.field}: wanted ${JSON.stringify(m.wanted)}, RT has ${JSON.stringify(m.got)}`);
  const text = `RT ${site.method} ${site.path} did not apply ${fields.join('; ')}${remoteMessage ? ` (RT said: ${remoteMessage})` : ''}`;
  const details = { ...site, status: 200, remoteMessage, field: mismatches.map((m) => m.field).join(',') };
  return remoteMessage && PERMISSION.test(remoteMessage) ? new ForbiddenError(text, details) : new InvalidRequestError(text, details);
}

/** PUT the changes, then GET the ticket and fail naming every field RT did not take. */
export async function updateChecked(client: RtClient, path: string, body: Record<string, unknown>, expected: Expected): Promise<void> {
  const res = await client.send('PUT', path, body);
  const query: Record<string, string> = { 'fields[Requestor]': 'EmailAddress' };
  if (expected.queue !== undefined) query['fields[Queue]'] = 'Name';
  const after = await client.get(path, query, rtTicketSchema);
  const mismatches = compare(after, expected);
  if (mismatches.length) throw refusal({ system: client.system, method: 'PUT', path }, mismatches, res.body);
}
