import { rulesConfigSchema } from '../../../../src/config/rules-schema';
import type { DolProposal } from '../../../../src/erp/dolibarr/types';
import { createTemplateRenderer } from '../../../../src/sync/templates';
import { buildQuote } from '../../../../src/sync/rules/quotes';
import { raiseQuote } from '../../../../src/sync/mirror/raise-quote';
import { quoteOutcomeUpdate, quoteTrigger } from '../../../../src/sync/rules/quote-events';
import { FakeDolibarr } from '../../../support/fakes/fake-dolibarr';
import { MemoryLinks } from '../../../support/fakes/rule-ports';
import { supportHour } from '../../../support/fakes/dolibarr-builders';

const render = createTemplateRenderer();
const config = rulesConfigSchema.parse({ quotes: { defaultHours: 2, triggerTypes: ['Change'], triggerStates: ['quote requested'] } }).quotes;
const ticketKey = { helpdeskId: 'znuny', ticketId: '4711' };
const ticketLink = { ...ticketKey, helpdeskNumber: '2026032910000012', erpId: 2, erpRef: 'HD-2026032910000012', trackId: 'znuny-4711' };
const now = () => new Date('2026-03-10T09:00:00Z');

function setup() {
  const erp = new FakeDolibarr();
  erp.products.push(supportHour);
  return { erp, links: new MemoryLinks() };
}

describe('buildQuote', () => {
  it('uses the service product price and the estimated hours, the ERP ticket ref as customer ref, and a visible label naming the ticket', async () => {
    const q = buildQuote(
      { ticketLink, socid: 1, estimatedHours: 3, ticket: { number: '2026032910000012', title: "Can't print" } },
      supportHour,
      config,
      { render, now },
    );
    expect(q.proposal).toEqual({ socid: 1, date: now(), validityDays: 30, ticketIds: [2], refClient: 'HD-2026032910000012' });
    expect(q.lines).toEqual([
      {
        productId: 1,
        label: "Ticket HD-2026032910000012: Can't print",
        description: "Support for ticket HD-2026032910000012 (helpdesk 2026032910000012): Can't print (3 h)",
        qty: 3,
        unitPrice: 80,
        vatRate: 20,
        productType: 1,
      },
    ]);
  });

  it('falls back to the configured default hours', async () => {
    const q = buildQuote({ ticketLink, socid: 1, ticket: { number: '1', title: 't' } }, supportHour, config, { render, now });
    expect(q.lines[0].qty).toBe(2);
  });

  it('refuses a missing service product and bad hours with a clear error', async () => {
    expect(() =>
      buildQuote({ ticketLink, socid: 1, ticket: { number: '1', title: 't' } }, null, { ...config, serviceRef: 'NOPE' }, { render, now }),
    ).toThrow(/rules.quotes.serviceRef.*NOPE/);
    expect(() =>
      buildQuote({ ticketLink, socid: 1, estimatedHours: -1, ticket: { number: '1', title: 't' } }, supportHour, config, { render, now }),
    ).toThrow(/estimatedHours/);
  });
});

describe('raiseQuote', () => {
  const input = { ticketKey, ticketLink, socid: 1, estimatedHours: 3, ticket: { number: '2026032910000012', title: 'Upgrade' }, requestId: 'req-1' };

  it('creates one proposal per requestId, even when raised twice', async () => {
    const { erp, links } = setup();
    const first = await raiseQuote(input, config, { erp, links, render, now });
    const second = await raiseQuote(input, config, { erp, links, render, now });
    expect(first).toEqual({ proposalId: second.proposalId, created: true });
    expect(second.created).toBe(false);
    expect(erp.proposals).toHaveLength(1);
    expect(erp.proposals[0].lines).toHaveLength(1);
    const other = await raiseQuote({ ...input, requestId: 'req-2' }, config, { erp, links, render, now });
    expect(other.proposalId).not.toBe(first.proposalId);
  });

  it('gives the lines to a proposal left empty by a crash, without a second proposal', async () => {
    const { erp, links } = setup();
    const add = erp.addProposalLines.bind(erp);
    erp.addProposalLines = async () => {
      throw new Error('connection reset');
    };
    await expect(raiseQuote(input, config, { erp, links, render, now })).rejects.toThrow('connection reset');
    erp.addProposalLines = add;
    await raiseQuote(input, config, { erp, links, render, now });
    expect(erp.proposals).toHaveLength(1);
    expect(erp.proposals[0].lines).toHaveLength(1);
  });
});

describe('quoteTrigger', () => {
  const t = (type: string | undefined, state: string) => ({ helpdeskId: 'znuny', id: '4711', type, state });
  it('fires when the ticket becomes a configured type or state, once', () => {
    expect(quoteTrigger(t('Change', 'open'), t('Incident', 'open'), config)).toEqual({
      raise: true,
      reason: 'type Change',
      requestId: 'auto:znuny:4711',
    });
    expect(quoteTrigger(t('Change', 'open'), t('Change', 'new'), config)).toEqual({ raise: false });
    expect(quoteTrigger(t('Incident', 'quote requested'), undefined, config)).toMatchObject({ raise: true, reason: 'state quote requested' });
    expect(quoteTrigger(t('Incident', 'open'), undefined, config)).toEqual({ raise: false });
  });
});

describe('quoteOutcomeUpdate', () => {
  const proposal = (status: number): DolProposal => ({
    id: 4,
    ref: 'PR2611-0002',
    socid: 1,
    status,
    totalHt: 240,
    dateSignature: new Date('2026-03-12T10:00:00Z'),
    lines: [],
    linkedObjects: { ticket: [2] },
  });
  it('tells the helpdesk a quote was signed, with a note and the configured state', () => {
    expect(quoteOutcomeUpdate(proposal(2), ticketKey, config, render)).toEqual({
      eventId: 'quote.signed:4',
      type: 'quote.signed',
      ticketId: '4711',
      occurredAt: new Date('2026-03-12T10:00:00Z'),
      data: { proposalId: 4, proposalRef: 'PR2611-0002', status: 2, totalHt: 240 },
      note: 'Quote PR2611-0002 was signed by the customer.',
      state: 'open',
      fields: { quote: 'PR2611-0002 (signed)' },
    });
  });
  it('tells the helpdesk a quote was refused, and ignores other statuses', () => {
    expect(quoteOutcomeUpdate(proposal(3), ticketKey, config, render)).toMatchObject({
      type: 'quote.refused',
      state: 'closed',
      note: 'Quote PR2611-0002 was refused by the customer.',
    });
    expect(quoteOutcomeUpdate(proposal(1), ticketKey, config, render)).toBeNull();
  });
});
