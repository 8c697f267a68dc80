import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../plugin-sdk';
import type { LinkStore, TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { buildQuote, type QuoteDeps, type QuoteInput } from '../rules/quotes';
import { renderTemplate } from '../templates';
import { emitUpdate } from '../shared/emit-update';

/**
 * Raises (idempotently, per request id) a proposal for a mirrored ticket, validates it so it
 * has its definitive ref, and tells the helpdesk that ref.
 */
export async function raiseQuoteForTicket(key: TicketKey, requestId: string, deps: EngineDeps, estimatedHours?: number): Promise<void> {
  const link = await deps.links.getTicketLink(key);
  if (!link) throw new InputError(`ticket ${key.helpdeskId} #${key.ticketId} is not mirrored in the ERP yet; mirror it before raising a quote`);
  const erpTicket = await deps.erp.getTicket(link.erpId);
  if (!erpTicket) throw new InputError(`ERP ticket ${link.erpRef} no longer exists`);
  if (!erpTicket.socid) throw new InputError(`ERP ticket ${link.erpRef} has no third party; attach the customer before raising a quote`);
  const { proposalId } = await raiseQuote(
    {
      ticketLink: link,
      socid: erpTicket.socid,
      estimatedHours,
      ticket: { number: link.helpdeskNumber, title: erpTicket.subject },
      ticketKey: key,
      requestId,
    },
    deps.rules.quotes,
    { erp: deps.erp, links: deps.links, render: renderTemplate, now: deps.now },
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

export interface RaiseQuoteDeps extends QuoteDeps {
  erp: Pick<DolibarrApi, 'getProductByRef' | 'createProposal' | 'addProposalLines' | 'getProposal'>;
  links: Pick<LinkStore, 'getQuoteLink' | 'saveQuoteLink'>;
}

/**
 * Raises a draft proposal once per requestId: the same requestId returns the same
 * proposal. The link is saved right after the proposal exists; a proposal left
 * without lines by a crash gets them on the retry.
 */
export async function raiseQuote(
  input: QuoteInput & { ticketKey: TicketKey; requestId: string },
  config: RulesConfig['quotes'],
  deps: RaiseQuoteDeps,
): Promise<{ proposalId: number; created: boolean }> {
  if (!/^[\w.:-]{1,128}$/.test(input.requestId)) throw new InputError('quote', ['requestId: 1-128 letters, digits, _ . : -']);
  const built = buildQuote(input, await deps.erp.getProductByRef(config.serviceRef), config, deps);
  const existing = await deps.links.getQuoteLink(input.ticketKey, input.requestId);
  if (existing) {
    const proposal = await deps.erp.getProposal(existing.proposalId);
    if (proposal && proposal.status === 0 && proposal.lines.length === 0) await deps.erp.addProposalLines(existing.proposalId, built.lines);
    return { proposalId: existing.proposalId, created: false };
  }
  const proposalId = await deps.erp.createProposal(built.proposal);
  await deps.links.saveQuoteLink(input.ticketKey, { proposalId, requestId: input.requestId });
  await deps.erp.addProposalLines(proposalId, built.lines);
  return { proposalId, created: true };
}
