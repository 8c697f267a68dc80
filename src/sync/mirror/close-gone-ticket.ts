import type { TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { renderTemplate } from '../templates';
import { messageFingerprint } from '../shared/text';
import { statusSideFields } from '../rules/ticket-close';

export type Gone = { kind: 'deleted' } | { kind: 'merged'; into: string };

/**
 * A helpdesk ticket merged into another or deleted: its ERP ticket is closed with a private
 * message saying why (naming the target of a merge), and time already turned into
 * intervention lines follows the merge so the target does not count it again.
 */
export async function closeGoneTicket(key: TicketKey, gone: Gone, deps: EngineDeps): Promise<void> {
  const link = await deps.links.getTicketLink(key);
  if (!link) {
    deps.logger.info('helpdesk ticket gone before it was mirrored; nothing to close', { ...key, gone: gone.kind });
    return;
  }
  const erpTicket = await deps.erp.getTicket(link.erpId);
  if (!erpTicket) return;
  let text: string;
  if (gone.kind === 'merged') {
    const targetKey = { helpdeskId: key.helpdeskId, ticketId: gone.into };
    const target = await deps.links.getTicketLink(targetKey);
    for (const entry of await deps.links.getTimeEntryLinks(key)) await deps.links.saveTimeEntryLink(targetKey, entry);
    text = renderTemplate('erp-ticket-merged', { targetNumber: target?.helpdeskNumber ?? gone.into, targetErpRef: target?.erpRef });
  } else {
    text = renderTemplate('erp-ticket-deleted', { helpdeskId: key.helpdeskId, number: link.helpdeskNumber });
  }
  const status = deps.mapping.statusToErp[gone.kind === 'merged' ? 'merged' : 'removed'];
  if (status !== undefined && erpTicket.status !== status) {
    await deps.erp.updateTicket(link.erpId, { status, ...statusSideFields(erpTicket, status, deps.now()) });
    await deps.erpStatus.set(link.erpId, status);
  }
  const print = messageFingerprint(text);
  const messages = await deps.erp.listTicketMessages(link.erpId);
  if (!messages.some((m) => messageFingerprint(m.note ?? '') === print)) {
    const erpMessageId = await deps.erp.postTicketMessage({
      ticketId: link.erpId,
      socid: erpTicket.socid ?? undefined,
      label: erpTicket.subject,
      text,
      private: true,
    });
    // The bridge's own note: linked as already reflected, so it never goes to the helpdesk.
    await deps.links.saveErpMessageLink(link, erpMessageId);
  }
  deps.logger.info('ERP ticket closed: helpdesk ticket gone', { ...key, erpId: link.erpId, gone });
}
