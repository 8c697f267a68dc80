import { eventually } from './support/service-process';
import { eventId, startWebhookScenario, ticketEvent, type Scenario } from './support/webhook-scenario';
import type { DoubleState } from '../doubles/dolibarr/state';

jest.setTimeout(120_000);

let s: Scenario;
const state = async () => (await s.control('/state')) as DoubleState;
const received = (type: string, ticketId: string) => s.receiver.events.filter((e) => e.body.type === type && e.body.ticketId === ticketId);

beforeAll(async () => {
  // Dolibarr delivers ticket triggers only: every intervention, message and proposal webhook is lost, the poll must catch them.
  s = await startWebhookScenario('erp-poll', { webhookTriggerCodes: ['TICKET_CREATE', 'TICKET_MODIFY'], erpPollSeconds: 1 });
});
afterAll(async () => {
  await s?.close();
});

describe('the ERP poll catches what lost Dolibarr webhooks missed', () => {
  it("counts an intervention a technician made by hand in Dolibarr in the ticket's duration", async () => {
    const start = new Date(Date.now() - 3_600_000).toISOString();
    await s.push(ticketEvent('5001', {}, { timeEntries: [{ id: 'te-5001', seconds: 1800, start, author: 'jdoe' }] }));
    await eventually(
      async () => received('duration.updated', '5001').find((e) => (e.body.data as { seconds: number }).seconds === 1800),
      'duration 30 min',
    );
    const erp = (await state()).tickets.find((t) => t.ref === 'HD-5001')!;
    await s.control('/act/intervention', {
      socid: 1,
      ticketId: erp.id,
      description: 'On-site visit',
      lines: [{ description: 'Replaced the fuser', date: Math.floor(Date.now() / 1000) - 600, duration: 3600 }],
      validate: true,
    });
    const updated = await eventually(
      async () => received('duration.updated', '5001').find((e) => (e.body.data as { seconds: number }).seconds === 5400),
      'duration 1 h 30 after the poll',
    );
    expect(updated.body.fields).toEqual({ duration: '1 h 30' });
    await eventually(
      async () => (await state()).tickets.find((t) => t.id === erp.id)!.array_options.options_tb_duration === 1.5,
      'the ERP ticket extrafield',
    );
  });

  it('reflects a message an ERP user wrote even when its webhook was lost', async () => {
    await s.push(ticketEvent('5002'));
    const erp = await eventually(async () => (await state()).tickets.find((t) => t.ref === 'HD-5002'), 'the ERP ticket');
    // A newer ticket moves the ticket poll's cursor past 5002: only the message poll can find what follows.
    await new Promise((r) => setTimeout(r, 1200));
    await s.push(ticketEvent('5003'));
    await eventually(async () => (await state()).tickets.find((t) => t.ref === 'HD-5003'), 'the newer ERP ticket');
    await new Promise((r) => setTimeout(r, 2500));
    await s.control('/act/ticket-message', { ticketId: erp.id, message: 'Called the customer back.', private: true });
    const msg = await eventually(async () => received('erp.message_added', '5002')[0], 'the ERP message at the helpdesk');
    expect(msg.body.data as { private: boolean; text: string }).toMatchObject({
      private: true,
      text: expect.stringContaining('Called the customer back.'),
    });
    await s.push({
      type: 'article.added',
      eventId: eventId('a'),
      occurredAt: new Date().toISOString(),
      ticketId: '5002',
      article: { id: 'x-1', author: 'Marie', body: 'Thanks', internal: false, createdAt: new Date().toISOString(), attachments: [] },
    });
    await new Promise((r) => setTimeout(r, 2500));
    expect(received('erp.message_added', '5002')).toHaveLength(1);
  });

  it('tells the helpdesk about a quote signed in Dolibarr even when its PROPAL_CLOSE_SIGNED webhook was lost', async () => {
    await s.push(ticketEvent('5004'));
    await eventually(async () => (await state()).tickets.find((t) => t.ref === 'HD-5004'), 'the ERP ticket');
    expect((await s.admin('POST', '/api/tickets/webhook/5004/quote', { requestId: 'poll-quote-5004', hours: 2 })).status).toBe(202);
    const created = await eventually(async () => received('quote.created', '5004')[0], 'quote.created at the helpdesk');
    const proposalId = (created.body.data as { proposalId: number }).proposalId;
    await s.control('/act/proposal-close', { proposalId, status: 2 });
    const signed = await eventually(async () => received('quote.signed', '5004')[0], 'quote.signed at the helpdesk after the poll');
    expect(signed.body.note).toContain((created.body.data as { proposalRef: string }).proposalRef);
    await new Promise((r) => setTimeout(r, 2500));
    expect(received('quote.signed', '5004')).toHaveLength(1);
  });
});
