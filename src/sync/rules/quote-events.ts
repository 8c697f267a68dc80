import type { DolProposal } from '../../erp/dolibarr/types';
import type { HelpdeskTicket, OutboundUpdate } from '../../plugin-sdk';
import type { RulesConfig } from '../../config/rules-schema';
import type { TicketKey } from '../ports';
import { renderTemplate, type RenderTemplate } from '../templates';

export type QuoteTriggerDecision = { raise: false } | { raise: true; reason: string; requestId: string };

type TriggerFields = Pick<HelpdeskTicket, 'helpdeskId' | 'id' | 'type' | 'state'>;

/**
 * Whether a helpdesk ticket's type or state asks for a quote. It fires on the change
 * that makes the ticket match (or on first sight of a matching ticket); the requestId is
 * the same for every automatic quote of a ticket, so raiseQuote makes at most one.
 */
export function quoteTrigger(ticket: TriggerFields, previous: TriggerFields | undefined, config: RulesConfig['quotes']): QuoteTriggerDecision {
  const match = (t: TriggerFields): string | null => {
    if (t.type && config.triggerTypes.includes(t.type)) return `type ${t.type}`;
    if (config.triggerStates.includes(t.state)) return `state ${t.state}`;
    return null;
  };
  const reason = match(ticket);
  if (!reason || (previous && match(previous))) return { raise: false };
  return { raise: true, reason, requestId: `auto:${ticket.helpdeskId}:${ticket.id}` };
}

/** What the helpdesk hears when a ticket's proposal is signed (2) or refused (3); null for any other status. */
export function quoteOutcomeUpdate(
  proposal: DolProposal,
  ticketKey: TicketKey,
  config: RulesConfig['quotes'],
  render: RenderTemplate = renderTemplate,
): OutboundUpdate | null {
  if (proposal.status !== 2 && proposal.status !== 3) return null;
  const signed = proposal.status === 2;
  const outcome = signed ? 'signed' : 'refused';
  return {
    eventId: `quote.${outcome}:${proposal.id}`,
    type: signed ? 'quote.signed' : 'quote.refused',
    ticketId: ticketKey.ticketId,
    occurredAt: proposal.dateSignature ?? new Date(),
    data: { proposalId: proposal.id, proposalRef: proposal.ref, status: proposal.status, totalHt: proposal.totalHt },
    note: render(signed ? 'quote-signed' : 'quote-refused', { ref: proposal.ref, totalHt: proposal.totalHt }),
    state: signed ? config.signedState : config.refusedState,
    fields: { quote: `${proposal.ref} (${outcome})` },
  };
}
