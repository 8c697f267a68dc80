import type { EngineDeps } from '../shared/deps';
import { messageFingerprint } from '../shared/text';
import type { MirrorContext } from './mirror-context';

/**
 * Posts a private message of the bridge on the ERP ticket unless the ticket already has it: a run that died after
 * posting, before recording that it did, finds its message instead of posting it twice. The message is linked as
 * already reflected, so it never goes to the helpdesk. True when it was posted now.
 */
export async function postPrivateErpNoteOnce(ctx: MirrorContext, deps: EngineDeps, text: string): Promise<boolean> {
  const print = messageFingerprint(text);
  if ((await deps.erp.listTicketMessages(ctx.link.erpId)).some((m) => messageFingerprint(m.note ?? '') === print)) return false;
  const erpMessageId = await deps.erp.postTicketMessage({
    ticketId: ctx.link.erpId,
    socid: ctx.erpTicket.socid ?? undefined,
    label: ctx.erpTicket.subject,
    text,
    private: true,
  });
  await deps.links.saveErpMessageLink(ctx.key, erpMessageId);
  return true;
}
