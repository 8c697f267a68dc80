import { z } from 'zod';
import type { NewDocumentLine, NewProposal } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../plugin-sdk';
import type { TicketLink } from '../ports';
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

/** The configured service product (rules.quotes.serviceRef) as a quote line needs it. */
export interface QuoteProduct {
  id: number;
  price: number;
  vatRate: number;
}

export interface QuoteDeps {
  render: RenderTemplate;
  now: () => Date;
}

const inputSchema = z.object({
  socid: z.number().int().positive(),
  estimatedHours: z.number().positive().max(10_000).optional(),
  ticket: z.object({ number: z.string().min(1), title: z.string() }),
});

/** The proposal for a ticket: one line of the configured service, qty = estimated hours (or the default), at the product's price. */
export function buildQuote(input: QuoteInput, product: QuoteProduct | null, config: RulesConfig['quotes'], deps: QuoteDeps): BuiltQuote {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw InputError.fromZod('quote', parsed.error);
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
