import { IntegrationError, type OutboundUpdate } from '../../../src/plugin-sdk';
import { znunyPlugin } from '../../../plugins/znuny';
import { startZnunyDouble, type ZnunyDouble } from '../../doubles/znuny';
import { getLogger } from '../../../src/logging/logger';
import { guardNetwork } from '../../support/nock-guard';

let double: ZnunyDouble;
const NOW = new Date('2030-03-30T12:00:00Z');

function adapter() {
  const config = znunyPlugin.configSchema.parse({
    baseUrl: double.url,
    userLogin: 'tb-agent',
    agentFromAddress: 'bridge@helpdesk.example',
    timeZone: 'Europe/Berlin',
  });
  return znunyPlugin.create({
    helpdeskId: 'znuny',
    config,
    secrets: { password: 'tb-password', webhook_secret: 'write-test-invoker-secret-0123456789' },
    logger: getLogger('test'),
    now: () => NOW,
  });
}
const seed = () =>
  double.control.createTicket({ title: 'T', customerUser: 'jdoe@acme.example', state: 'open', articles: [{ body: 'hi', from: 'jdoe@acme.example' }] })
    .ticketId;
const updates = () => double.control.requests.filter((r) => r.operation === 'TicketUpdate');

guardNetwork({ loopback: true });
beforeEach(async () => {
  double = await startZnunyDouble({ timeZone: 'Europe/Berlin' });
});
afterEach(() => double.close());

describe('Znuny deliver', () => {
  it('writes the note as an internal agent article from agentFromAddress, with emoji replaced so it reads back equal', async () => {
    const id = seed();
    const note = 'Quote signed 🎉 — merci, café ✓';
    const result = await adapter().deliver!({ eventId: 'e-1', type: 'quote.signed', ticketId: id, occurredAt: NOW, data: {}, note });
    const sent = updates()[0].params.Article as Record<string, unknown>;
    expect(sent).toMatchObject({ IsVisibleForCustomer: 0, From: 'bridge@helpdesk.example', SenderType: 'agent', CommunicationChannel: 'Internal' });
    expect(sent.Body).toBe('Quote signed \uFFFD — merci, café ✓');
    const fetched = await adapter().fetchTicket!(id);
    if (fetched.kind !== 'found') throw new Error(fetched.kind);
    const article = fetched.snapshot.articles.find((a) => a.id === result.createdArticleIds![0]);
    expect(article).toMatchObject({ body: sent.Body, internal: true });
  });

  it('sends a pending state with PendingTime as Berlin wall-clock parts', async () => {
    const id = seed();
    await adapter().deliver!({
      eventId: 'e-2',
      type: 'erp.status_changed',
      ticketId: id,
      occurredAt: NOW,
      data: { pendingUntil: '2030-03-31T01:30:00Z' },
      state: 'pending',
    });
    expect(updates()[0].params.Ticket).toEqual({ State: 'pending reminder', PendingTime: { Year: 2030, Month: 3, Day: 31, Hour: 3, Minute: 30 } });
    expect(double.control.ticket(id)).toMatchObject({ State: 'pending reminder', RealTillTimeNotUsed: Date.parse('2030-03-31T01:30:00Z') / 1000 });
  });

  it('defaults the pending time to now + pendingHours', async () => {
    const id = seed();
    await adapter().deliver!({ eventId: 'e-3', type: 'erp.status_changed', ticketId: id, occurredAt: NOW, data: {}, state: 'waiting_customer' });
    expect((updates()[0].params.Ticket as Record<string, unknown>).PendingTime).toEqual({ Year: 2030, Month: 4, Day: 2, Hour: 14, Minute: 0 });
  });

  it('after a lost answer, searches first and writes the note only once', async () => {
    const id = seed();
    const update = { eventId: 'e-4', type: 'erp.message_added' as const, ticketId: id, occurredAt: NOW, data: {}, note: 'Once only' };
    double.control.loseNextWriteAnswer();
    const lost = await adapter().deliver!(update).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(IntegrationError);
    const again = await adapter().deliver!(update);
    expect(updates()).toHaveLength(1);
    const notes = (double.control.ticket(id).Article as { ArticleID: number; Body: string }[]).filter((a) => a.Body === 'Once only');
    expect(notes).toHaveLength(1);
    expect(again.createdArticleIds).toEqual([String(notes[0].ArticleID)]);
  });

  it('refuses a state category with no Znuny state before calling Znuny', async () => {
    const id = seed();
    const before = double.control.requests.length;
    await expect(
      adapter().deliver!({ eventId: 'e-5', type: 'erp.status_changed', ticketId: id, occurredAt: NOW, data: {}, state: 'merged' }),
    ).rejects.toThrow(/categoryToState/);
    expect(double.control.requests.length).toBe(before);
  });
});

describe('Znuny createTicket', () => {
  it('creates the ticket with the ERP ref, and finds it instead of creating a second one on a retry', async () => {
    const t = {
      title: 'From Dolibarr',
      body: 'Printer',
      customer: { email: 'jdoe@acme.example' },
      stateCategory: 'open' as const,
      erpRef: 'TK2030-0001',
    };
    const first = await adapter().createTicket!(t);
    const second = await adapter().createTicket!(t);
    expect(second).toEqual(first);
    expect(double.control.store.tickets.size).toBe(1);
    expect(double.control.dynamicField(first.id, 'DolibarrRef')).toBe('TK2030-0001');
    expect(double.control.ticket(first.id)).toMatchObject({
      Title: 'From Dolibarr',
      State: 'open',
      CustomerUserID: 'jdoe@acme.example',
      TicketNumber: first.number,
    });
  });
});

describe('Znuny secrets', () => {
  it('refuses an invoker secret shorter than 32 characters, naming the variable', () => {
    const config = znunyPlugin.configSchema.parse({
      baseUrl: 'http://127.0.0.1:1/otrs/nph-genericinterface.pl/Webservice/TicketBridge',
      userLogin: 'tb-agent',
      agentFromAddress: 'bridge@helpdesk.example',
      timeZone: 'UTC',
    });
    const create = (secret: string) => () =>
      znunyPlugin.create({
        helpdeskId: 'znuny-eu',
        config,
        secrets: { password: 'p', webhook_secret: secret },
        logger: getLogger('test'),
        now: () => NOW,
      });
    expect(create('x'.repeat(31))).toThrow(/TB_HELPDESK_ZNUNY_EU_WEBHOOK_SECRET must be at least 32 characters/);
    expect(create('x'.repeat(32))).not.toThrow();
  });
});

describe('Znuny deliverMany', () => {
  const fieldsUpdate = (type: 'erp.ticket_linked' | 'contract.resolved', id: string, fields: OutboundUpdate['fields']) => ({
    eventId: `${type}:znuny:${id}`,
    type,
    ticketId: id,
    occurredAt: NOW,
    data: {},
    fields,
  });
  const linked = (id: string) => fieldsUpdate('erp.ticket_linked', id, { erpRef: 'TS2603-0057' });
  const covered = (id: string) => fieldsUpdate('contract.resolved', id, { contract: 'CT2603-0001' });

  it("writes a new ticket's link and contract in one TicketUpdate", async () => {
    const id = seed();
    await adapter().deliverMany!([linked(id), covered(id)]);
    expect(updates()).toHaveLength(1);
    expect(updates()[0].params).toEqual({
      DynamicField: [
        { Name: 'DolibarrRef', Value: 'TS2603-0057' },
        { Name: 'DolibarrContract', Value: 'CT2603-0001' },
      ],
    });
    expect(double.control.ticket(id).DynamicField).toEqual(
      expect.arrayContaining([
        { Name: 'DolibarrRef', Value: 'TS2603-0057' },
        { Name: 'DolibarrContract', Value: 'CT2603-0001' },
      ]),
    );
  });

  it('writes an update with a note on its own, in its place, and returns the articles created', async () => {
    const id = seed();
    const usedUp = { ...covered(id), note: 'The prepaid hours of CT2603-0001 are used up', fields: { contract: 'CT2603-0001' } };
    const status = {
      eventId: 'erp.status_changed:57:8',
      type: 'erp.status_changed' as const,
      ticketId: id,
      occurredAt: NOW,
      data: {},
      fields: { erpRef: 'TS2603-0057' },
    };
    const result = await adapter().deliverMany!([linked(id), usedUp, status]);
    expect(updates().map((u) => Object.keys(u.params).sort())).toEqual([['DynamicField'], ['Article', 'DynamicField'], ['DynamicField']]);
    expect(result.createdArticleIds).toHaveLength(1);
    const notes = (double.control.ticket(id).Article as { ArticleID: number; Body: string }[]).filter((a) => a.Body.includes('used up'));
    expect(result.createdArticleIds).toEqual([String(notes[0].ArticleID)]);
  });
});
