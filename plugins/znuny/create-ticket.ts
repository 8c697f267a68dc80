import { parseAnswer, InputError, type NewHelpdeskTicket } from '../../src/plugin-sdk';
import { getTicket, type ZnunyDeps } from './fetch-ticket';
import { ticketSearchSchema, writeResultSchema } from './schemas';
import { dynamicFieldValue } from './ticket-mapper';
import { toBmp } from './text';
import { stateChange } from './write-fields';

/**
 * Creates the Znuny ticket for one an ERP user opened, unless a ticket already carries its ERP
 * ref (a retry after a lost answer). Search hits are re-read and compared, because Znuny ignores
 * a search parameter it does not know (a misnamed field) and then returns every ticket.
 */
export async function createTicket(deps: ZnunyDeps, t: NewHelpdeskTicket): Promise<{ id: string; number: string }> {
  const customer = t.customer.email;
  if (!customer) throw new InputError('Znuny needs a customer address', ['customer.email: required (Ticket.CustomerUser)']);
  const refField = deps.settings.dynamicFields.erpRef;
  const existing = await findByErpRef(deps, refField, t.erpRef);
  if (existing) {
    deps.log.info('ticket for this ERP ref already exists', { erpRef: t.erpRef, ticketId: existing.id });
    return existing;
  }
  const body = await deps.client.call('TicketCreate', {
    params: {
      Ticket: {
        Title: toBmp(t.title),
        Queue: deps.settings.createQueue,
        Priority: deps.settings.priorities.default,
        CustomerUser: customer,
        ...stateChange(deps.settings, t.stateCategory, new Date(deps.now().getTime() + deps.settings.pendingHours * 3600_000)),
      },
      Article: {
        CommunicationChannel: 'Phone',
        SenderType: 'agent',
        IsVisibleForCustomer: 1,
        From: deps.settings.agentFromAddress,
        Subject: toBmp(t.title),
        Body: toBmp(t.body || t.title),
        ContentType: 'text/plain; charset=utf8',
      },
      DynamicField: [{ Name: refField, Value: toBmp(t.erpRef) }],
    },
  });
  const created = parseAnswer(writeResultSchema, body, 'Znuny TicketCreate answer', {
    system: deps.helpdeskId,
    method: 'TicketCreate',
    path: 'TicketCreate',
  });
  const number = created.TicketNumber ?? (await getTicket(deps, created.TicketID, false)).TicketNumber;
  return { id: created.TicketID, number };
}

async function findByErpRef(deps: ZnunyDeps, field: string, erpRef: string): Promise<{ id: string; number: string } | undefined> {
  const body = await deps.client.call('TicketSearch', { params: { [`DynamicField_${field}`]: { Equals: erpRef }, Limit: 20 } });
  for (const id of parseAnswer(ticketSearchSchema, body, 'Znuny TicketSearch answer', {
    system: deps.helpdeskId,
    method: 'TicketSearch',
    path: 'TicketSearch',
  }).TicketID) {
    const ticket = await getTicket(deps, id, false);
    if (dynamicFieldValue(ticket, field) === erpRef) return { id: ticket.TicketID, number: ticket.TicketNumber };
  }
  return undefined;
}
