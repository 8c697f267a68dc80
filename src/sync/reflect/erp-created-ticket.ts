import type { DolTicket } from '../../erp/dolibarr/types';
import type { TicketLink } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { categoryForErpStatus } from '../shared/field-mapping';

/**
 * A ticket an ERP user opened in Dolibarr: created in the first helpdesk that can
 * create tickets, once (the claim survives retries; the link is what later runs use).
 */
export async function createHelpdeskTicketFromErp(ticket: DolTicket, deps: EngineDeps): Promise<TicketLink | null> {
  if (!deps.sync.createHelpdeskTicketsFromErp) return null;
  const adapter = [...deps.adapters.values()].find((a) => a.createTicket);
  if (!adapter?.createTicket) {
    deps.logger.info('ERP ticket not from a helpdesk and no helpdesk can create tickets; left in the ERP only', { erpId: ticket.id, erpRef: ticket.ref });
    return null;
  }
  if (!(await deps.once.claim('erp-created-ticket', String(ticket.id)))) {
    deps.logger.warn('helpdesk ticket creation for this ERP ticket already started; not creating another', { erpId: ticket.id });
    return null;
  }
  try {
    const created = await adapter.createTicket({
      title: ticket.subject,
      body: ticket.message,
      customer: { email: ticket.originEmail ?? undefined },
      stateCategory: categoryForErpStatus(ticket.status, deps.mapping) ?? 'new',
      erpRef: ticket.ref,
    });
    const link: TicketLink = { source: adapter.id, ticketId: created.id, helpdeskNumber: created.number, erpId: ticket.id, erpRef: ticket.ref, trackId: ticket.trackId };
    await deps.links.saveTicketLink(link);
    await deps.erpStatus.set(ticket.id, ticket.status);
    deps.logger.info('helpdesk ticket created for an ERP ticket', { erpId: ticket.id, source: adapter.id, ticketId: created.id });
    return link;
  } catch (err) {
    // Not created: let a retry try again.
    await deps.once.release('erp-created-ticket', String(ticket.id));
    throw err;
  }
}
