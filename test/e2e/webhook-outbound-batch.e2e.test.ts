import { verifySignature } from '../../plugins/webhook';
import { eventually } from './support/service-process';
import { HOOK_SECRET, startWebhookScenario, ticketEvent, type Scenario } from './support/webhook-scenario';

jest.setTimeout(120_000);

let s: Scenario;
const received = (ticketId: string) => s.receiver.events.filter((e) => e.body.ticketId === ticketId);
const bothFacts = (ticketId: string) => async () => {
  const events = received(ticketId);
  const types = new Set(events.map((e) => e.body.type));
  return types.has('erp.ticket_linked') && types.has('contract.resolved') ? events : undefined;
};

beforeAll(async () => {
  s = await startWebhookScenario('outbound-batch', { webhookSettings: { outboundBatch: true } });
});
afterAll(async () => {
  await s?.close();
});

describe('a webhook receiver that takes batches (outboundBatch)', () => {
  it("gets a new ticket's link and contract in one signed request", async () => {
    expect((await s.push(ticketEvent('2001'))).status).toBe(202);
    const events = await eventually(bothFacts('2001'), 'both facts at the helpdesk');

    expect(events.map((e) => e.body.type).sort()).toEqual(['contract.resolved', 'erp.ticket_linked']);
    expect(new Set(events.map((e) => e.request)).size).toBe(1);
    const { raw, headers } = events[0];
    expect((JSON.parse(raw) as { events: unknown[] }).events).toHaveLength(2);
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(verifySignature({ secret: HOOK_SECRET, rawBody: Buffer.from(raw), headers, nowSeconds, toleranceSeconds: 300 }).ok).toBe(true);
  });

  it('gets the whole batch again after answering 503, each fact once delivered', async () => {
    s.receiver.failNext(1, 503);
    expect((await s.push(ticketEvent('2002'))).status).toBe(202);
    const events = await eventually(bothFacts('2002'), 'both facts at the helpdesk after the retry');

    expect(events).toHaveLength(2);
    expect(events[0].request).toBe(events[1].request);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received('2002')).toHaveLength(2);
  });
});
