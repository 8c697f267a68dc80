import type { MirrorStep } from './mirror-context';
import { categoryForErpStatus } from '../shared/field-mapping';
import { renderTemplate } from '../templates';
import { postPrivateErpNoteOnce } from './private-erp-note';

const CLOSED = new Set(['closed', 'resolved']);

/**
 * A ticket that names an earlier one which is closed in the ERP (closed requests are never reopened: the
 * customer opens a new one) gets a private message naming the earlier ERP ticket, once per pair. Dolibarr's
 * API cannot link two existing tickets (objectlinks refuses tickets), so the message carries the reference.
 */
export const referenceStep: MirrorStep = {
  name: 'references',
  async run(ctx, deps) {
    for (const ticketId of ctx.snapshot.ticket.references ?? []) {
      if (ticketId === ctx.key.ticketId) continue;
      const earlier = await deps.links.getTicketLink({ helpdeskId: ctx.key.helpdeskId, ticketId });
      if (!earlier || earlier.erpId === ctx.link.erpId) continue;
      const pair = `${ctx.link.erpId}:${earlier.erpId}`;
      if (await deps.once.has('ticket-reference', pair)) continue;
      const erpTicket = await deps.erp.getTicket(earlier.erpId);
      const category = erpTicket ? categoryForErpStatus(erpTicket.status, deps.mapping) : undefined;
      if (!category || !CLOSED.has(category)) continue;
      const text = renderTemplate('erp-ticket-reference', { number: earlier.helpdeskNumber, erpRef: earlier.erpRef });
      await postPrivateErpNoteOnce(ctx, deps, text);
      await deps.once.claim('ticket-reference', pair, 365 * 24 * 3600);
      deps.logger.info('follow-up of a closed ticket noted on the ERP ticket', { ...ctx.key, erpId: ctx.link.erpId, earlierErpId: earlier.erpId });
    }
  },
};
