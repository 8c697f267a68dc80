import type { MirrorStep } from './mirror-context';
import type { EngineDeps } from './deps';
import type { TicketKey } from '../ports';
import { quoteTrigger } from '../rules/quote-events';
import { raiseQuote } from '../rules/quotes';
import { renderTemplate } from '../templates';
import { InputError } from '../../plugin-sdk';
import { emitUpdate } from './outbound';

/** A helpdesk type or state configured as a quote trigger raises one quote per ticket. */
export const quoteTriggerStep: MirrorStep = {
  name: 'quote-trigger',
  async run(ctx, deps) {
    const decision = quoteTrigger(ctx.snapshot.ticket, undefined, deps.rules.quotes);
    if (!decision.raise) return;
    if (await deps.links.getQuoteLink(ctx.key, decision.requestId)) return;
    deps.logger.info('quote triggered by the helpdesk', { ...ctx.key, reason: decision.reason });
    await deps.scheduler.raiseQuote(ctx.key, decision.requestId);
  },
};

/**
 * Raises (idempotently, per request id) a proposal for a mirrored ticket, validates it so it
 * has its definitive ref, and tells the helpdesk that ref.
 */
export async function raiseQuoteForTicket(key: TicketKey, requestId: string, deps: EngineDeps): Promise<void> {
  const link = await deps.links.getTicketLink(key);
  if (!link) throw new InputError(`ticket ${key.source} #${key.ticketId} is not mirrored in the ERP yet; mirror it before raising a quote`);
  const erpTicket = await deps.erp.getTicket(link.erpId);
  if (!erpTicket) throw new InputError(`ERP ticket ${link.erpRef} no longer exists`);
  if (!erpTicket.socid) throw new InputError(`ERP ticket ${link.erpRef} has no third party; attach the customer before raising a quote`);
  const hours = await deps.cursors.getCursor(`quote-hours:${key.source}:${key.ticketId}:${requestId}`);
  const { proposalId } = await raiseQuote(
    { ticketLink: link, socid: erpTicket.socid, estimatedHours: hours ? Number(hours) : undefined, ticket: { number: link.helpdeskNumber, title: erpTicket.subject }, ticketKey: key, requestId },
    deps.rules.quotes,
    { api: deps.erp, links: deps.links, render: renderTemplate, now: deps.now },
  );
  let proposal = await deps.erp.getProposal(proposalId);
  if (proposal && proposal.status === 0) {
    await deps.erp.validateProposal(proposalId);
    proposal = await deps.erp.getProposal(proposalId);
  }
  if (!proposal) throw new InputError(`proposal ${proposalId} disappeared from the ERP`);
  await emitUpdate(deps, key, {
    eventId: `quote.created:${proposal.id}`,
    type: 'quote.created',
    data: { proposalId: proposal.id, proposalRef: proposal.ref, totalHt: proposal.totalHt, requestId },
    note: renderTemplate('quote-created', { ref: proposal.ref, hours: proposal.lines.reduce((sum, l) => sum + l.qty, 0), totalHt: proposal.totalHt }),
    fields: { quote: proposal.ref },
  });
}
