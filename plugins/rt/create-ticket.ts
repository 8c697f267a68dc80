import { InputError, type NewHelpdeskTicket } from '../../src/plugin-sdk';
import type { RtDeps } from './fetch-ticket';
import { rtCreatedSchema, rtPageSchema, rtTicketSchema } from './schemas';
import { anyOf, customField, quote } from './ticketsql';
import { compare, refusal, type Expected } from './write-check';

/**
 * Creates the RT ticket for a ticket an ERP user opened in Dolibarr. Idempotent on the ERP ref: a ticket in the
 * bridge's queues that already carries it is returned instead. RT answers 201 even when it dropped the
 * requestor, a custom field value or the status, so the new ticket is read back and compared.
 */
export async function createTicket(deps: RtDeps, input: NewHelpdeskTicket): Promise<{ id: string; number: string }> {
  const { client, settings } = deps;
  const status = settings.categoryToStatus[input.stateCategory];
  if (!status) throw new InputError('state has no RT status', [`stateCategory: '${input.stateCategory}' is not mapped in settings.categoryToStatus`]);
  if (!input.erpRef.trim()) throw new InputError('invalid new ticket', ['erpRef: required']);

  const existing = await findByErpRef(deps, input.erpRef);
  if (existing) return { id: existing, number: existing };

  const erpRefField = settings.customFields.erpRef;
  const res = await client.send('POST', '/ticket', {
    Queue: settings.queues[0],
    Subject: input.title,
    Requestor: input.customer.email,
    Content: input.body,
    ContentType: 'text/plain',
    Status: status,
    CustomFields: { [erpRefField]: input.erpRef },
  });
  const { id } = client.parse('POST', '/ticket', res.body, rtCreatedSchema);
  const expected: Expected = {
    status,
    customFields: [{ name: erpRefField, value: input.erpRef, field: 'erpRef' }],
    requestor: input.customer.email,
  };
  const after = await client.get(`/ticket/${id}`, { 'fields[Requestor]': 'EmailAddress' }, rtTicketSchema);
  const mismatches = compare(after, expected);
  if (mismatches.length) {
    const err = refusal({ system: client.system, method: 'POST', path: '/ticket' }, mismatches, res.body);
    err.message = `${err.message}; ticket ${id} was created and needs fixing in RT`;
    throw err;
  }
  return { id, number: id };
}

async function findByErpRef(deps: RtDeps, erpRef: string): Promise<string | undefined> {
  const query = `${anyOf('Queue', deps.settings.queues)} AND ${customField(deps.settings.customFields.erpRef)} = ${quote(erpRef)}`;
  const page = await deps.client.get('/tickets', { query, orderby: 'id', order: 'ASC', per_page: 1 }, rtPageSchema);
  const first = page.items[0];
  return first === undefined ? undefined : deps.client.parse('GET', '/tickets', first, rtCreatedSchema).id;
}
