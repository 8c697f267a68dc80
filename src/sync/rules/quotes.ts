import { z } from 'zod';
import type { DolibarrApi, NewDocumentLine, NewProposal } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../errors';
import type { LinkStore, TicketKey, TicketLink } from '../ports';
import type { RenderTemplate } from '../templates';

export interface QuoteInput {
  /** The ticket's link: erpId is linked to the proposal, erpRef becomes its customer ref (what finance and the customer quote). */
  ticketLink: TicketLink;
  socid: number;
  estimatedHours?: number;
  ticket: { number: string; title: string };
}

export interface BuiltQuote {
  proposal: NewProposal;
  lines: NewDocumentLine[];
  hours: number;
}

export interface QuoteDeps {
  api: Pick<DolibarrApi, 'getProductByRef'>;
  render: RenderTemplate;
  now: () => Date;
}

const inputSchema = z.object({
  socid: z.number().int().positive(),
  estimatedHours: z.number().positive().max(10_000).optional(),
  ticket: z.object({ number: z.string().min(1), title: z.string() }),
});

/** The proposal for a ticket: one line of the configured service, qty = estimated hours (or the default), at the product's price. */
export async function buildQuote(input: QuoteInput, config: RulesConfig['quotes'], deps: QuoteDeps): Promise<BuiltQuote> {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw InputError.fromZod('quote', parsed.error);
  const product = await deps.api.getProductByRef(config.serviceRef);
  if (!product) throw new InputError('quote', [`rules.quotes.serviceRef: no Dolibarr product with ref "${config.serviceRef}"`]);
  const hours = input.estimatedHours ?? config.defaultHours;
  return {
    hours,
    proposal: {
      socid: input.socid,
      date: deps.now(),
      validityDays: config.validityDays,
      ticketIds: [input.ticketLink.erpId],
      refClient: input.ticketLink.erpRef,
    },
    lines: [
      {
        productId: product.id,
        // The card shows a product line's label, its description only in a tooltip (and in the PDF).
        label: deps.render('quote-line-label', { ticket: input.ticket, erpRef: input.ticketLink.erpRef }),
        description: deps.render('quote-line', { ticket: input.ticket, hours, erpRef: input.ticketLink.erpRef }),
        qty: hours,
        unitPrice: product.price,
        vatRate: product.vatRate,
        productType: 1,
      },
    ],
  };
}

export interface RaiseQuoteDeps extends QuoteDeps {
  api: Pick<DolibarrApi, 'getProductByRef' | 'createProposal' | 'addProposalLines' | 'getProposal'>;
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
  const built = await buildQuote(input, config, deps);
  const existing = await deps.links.getQuoteLink(input.ticketKey, input.requestId);
  if (existing) {
    const proposal = await deps.api.getProposal(existing.proposalId);
    if (proposal && proposal.status === 0 && proposal.lines.length === 0) await deps.api.addProposalLines(existing.proposalId, built.lines);
    return { proposalId: existing.proposalId, created: false };
  }
  const proposalId = await deps.api.createProposal(built.proposal);
  await deps.links.saveQuoteLink(input.ticketKey, { proposalId, requestId: input.requestId });
  await deps.api.addProposalLines(proposalId, built.lines);
  return { proposalId, created: true };
}
