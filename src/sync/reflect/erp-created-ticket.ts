import type { DolTicket } from '../../erp/dolibarr/types';
import type { TicketLink } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { categoryForErpStatus } from '../shared/field-mapping';
import { erpMessageEchoKey } from '../shared/echo-keys';
import { routeErpTicket } from '../rules/erp-ticket-routing';
import { leavesUnresolved } from '../shared/unresolved';

const ECHO_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A ticket opened in Dolibarr by something other than this bridge: created in the helpdesk whose `erpTickets`
 * setting takes it, once (the claim survives retries; the link is what later runs use). A ticket the helpdesk
 * refuses for good (Znuny: no customer address) is reported once on the ERP ticket instead of failing the job.
 */
export async function createHelpdeskTicketFromErp(ticket: DolTicket, deps: EngineDeps): Promise<TicketLink | null> {
  if (!deps.sync.createHelpdeskTicketsFromErp) return null;
  const creators = [...deps.adapters.values()].filter((a) => a.createTicket).map((a) => ({ id: a.id, filter: deps.erpTicketIntake.get(a.id) }));
  const routing = routeErpTicket(ticket, creators);
  if (routing.kind === 'none') {
    deps.logger.info('ERP ticket left in the ERP only', { erpId: ticket.id, erpRef: ticket.ref, reason: routing.reason });
    return null;
  }
  const adapter = deps.adapters.get(routing.id);
  if (!adapter?.createTicket) return null;
  if (!(await deps.once.claim('erp-created-ticket', String(ticket.id)))) {
    deps.logger.warn('helpdesk ticket creation for this ERP ticket already started; not creating another', { erpId: ticket.id });
    return null;
  }
  const email = ticket.originEmail ?? deps.erpTicketIntake.get(adapter.id)?.defaultCustomer;
  try {
    const created = await adapter.createTicket({
      title: ticket.subject,
      body: ticket.message,
      customer: { email: email ?? undefined },
      stateCategory: categoryForErpStatus(ticket.status, deps.mapping) ?? 'new',
      erpRef: ticket.ref,
    });
    const link: TicketLink = {
      helpdeskId: adapter.id,
      ticketId: created.id,
      helpdeskNumber: created.number,
      erpId: ticket.id,
      erpRef: ticket.ref,
      trackId: ticket.trackId,
    };
    await deps.links.saveTicketLink(link);
    await deps.erpStatus.set(ticket.id, ticket.status);
    deps.logger.info('helpdesk ticket created for an ERP ticket', { erpId: ticket.id, helpdeskId: adapter.id, ticketId: created.id });
    return link;
  } catch (err) {
    // Not created: a later change of the ERP ticket may try again.
    await deps.once.release('erp-created-ticket', String(ticket.id));
    if (!leavesUnresolved(err)) throw err;
    await reportRefusal(ticket, adapter.id, err as Error, deps);
    return null;
  }
}

/** A private message on the ERP ticket, once per ticket, so an ERP user sees why it is not in the helpdesk. */
async function reportRefusal(ticket: DolTicket, helpdesk: string, err: Error, deps: EngineDeps): Promise<void> {
  deps.logger.warn('helpdesk refused the ticket opened in Dolibarr', { erpId: ticket.id, helpdeskId: helpdesk, error: err.message });
  if (!(await deps.once.claim('erp-created-ticket-refused', String(ticket.id)))) return;
  const text = `TicketBridge could not create this ticket in the helpdesk "${helpdesk}": ${err.message}. Add what is missing (for example the customer e-mail) and change the ticket, or configure helpdesks.${helpdesk}.erpTickets.defaultCustomer.`;
  await deps.echo.mark(erpMessageEchoKey(ticket.id, text), ECHO_TTL_SECONDS);
  await deps.erp.postTicketMessage({ ticketId: ticket.id, socid: ticket.socid ?? undefined, label: ticket.subject, text, private: true });
}
