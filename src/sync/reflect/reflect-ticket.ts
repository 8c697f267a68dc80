import type { DolTicket } from '../../erp/dolibarr/types';
import type { TicketLink } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { categoryForErpStatus } from '../shared/field-mapping';
import { erpMessageEchoKey } from '../shared/echo-keys';
import { emitUpdate } from '../shared/emit-update';
import { renderTemplate } from '../templates';
import { rebuildLink } from './rebuild-link';
import { reflectDocuments } from './reflect-documents';
import { createHelpdeskTicketFromErp } from './erp-created-ticket';

const STATUS_LABELS: Record<number, string> = {
  0: 'not read',
  1: 'read',
  2: 'assigned',
  3: 'in progress',
  5: 'waiting for information',
  7: 'on hold',
  8: 'closed',
  9: 'canceled',
};

/** Finds the helpdesk side of an ERP ticket; rebuilds a lost link from the track_id the bridge set. */
async function linkForErpTicket(ticket: DolTicket, deps: EngineDeps): Promise<TicketLink | null> {
  return (await deps.links.getTicketLinkByErpId(ticket.id)) ?? rebuildLink(ticket, deps);
}

/** ERP → helpdesk for one ERP ticket: its status and the messages ERP users wrote. */
export async function reflectErpTicket(erpId: number, deps: EngineDeps): Promise<void> {
  const ticket = await deps.erp.getTicket(erpId);
  if (!ticket) {
    const gone = await deps.links.getTicketLinkByErpId(erpId);
    if (gone) await deps.erpTickets.forget(gone);
    deps.logger.info('ERP ticket no longer exists; nothing to reflect', { erpId });
    return;
  }
  let link = await linkForErpTicket(ticket, deps);
  if (!link) {
    link = await createHelpdeskTicketFromErp(ticket, deps);
    if (!link) return;
  }
  // What an ERP user changed is what the next mirror run compares with.
  await deps.erpTickets.set(link, ticket);
  await reflectStatus(ticket, link, deps);
  await reflectMessages(link, deps);
  await reflectDocuments(link, deps);
}

async function reflectStatus(ticket: DolTicket, link: TicketLink, deps: EngineDeps): Promise<void> {
  const last = await deps.erpStatus.get(ticket.id);
  if (last === ticket.status) return;
  const state = categoryForErpStatus(ticket.status, deps.mapping);
  if (state && (last === null || categoryForErpStatus(last, deps.mapping) !== state)) {
    const statusLabel = STATUS_LABELS[ticket.status] ?? String(ticket.status);
    await emitUpdate(deps, link, {
      eventId: `erp.status_changed:${ticket.id}:${ticket.status}:${ticket.modifiedAt?.getTime() ?? 0}`,
      type: 'erp.status_changed',
      data: { erpId: ticket.id, erpRef: ticket.ref, erpStatus: ticket.status, statusLabel },
      state,
      note: renderTemplate('helpdesk-erp-status', { erpRef: ticket.ref, statusLabel }),
    });
  }
  await deps.erpStatus.set(ticket.id, ticket.status);
}

/** Each message an ERP user writes reaches the helpdesk once; the bridge's own are recognised and skipped. */
async function reflectMessages(link: TicketLink, deps: EngineDeps): Promise<void> {
  const messages = await deps.erp.listTicketMessages(link.erpId);
  for (const message of messages) {
    if (await deps.links.getErpMessageLink(link, message.id)) continue;
    const text = message.note ?? '';
    if (await deps.echo.consume(erpMessageEchoKey(link.erpId, text))) {
      await deps.links.saveErpMessageLink(link, message.id);
      continue;
    }
    const isPrivate = message.code === 'TICKET_MSG_PRIVATE';
    const note = renderTemplate('helpdesk-erp-message', { erpRef: link.erpRef, private: isPrivate, text });
    await emitUpdate(deps, link, {
      eventId: `erp.message_added:${message.id}`,
      type: 'erp.message_added',
      data: { erpId: link.erpId, erpRef: link.erpRef, erpMessageId: message.id, private: isPrivate, text },
      note,
    });
    await deps.links.saveErpMessageLink(link, message.id);
  }
}

/**
 * A new ERP message: reflect the messages (and documents) of its ticket (the links tell which were already handled). One already
 * linked needs no look-up in the ERP: usually the bridge's own, linked right after it was posted.
 */
export async function reflectMessagesOfErpTicket(erpTicketId: number, deps: EngineDeps, messageId?: number): Promise<void> {
  const link = await deps.links.getTicketLinkByErpId(erpTicketId);
  if (!link) return reflectErpTicket(erpTicketId, deps);
  if (messageId !== undefined && (await deps.links.getErpMessageLink(link, messageId))) return;
  await reflectMessages(link, deps);
  // Dolibarr sends no event for a file added to a ticket: any event of the ticket is the moment to look.
  await reflectDocuments(link, deps);
}
