import { trackIdFor } from '../../src/sync/shared/ticket-identity';
import type { DoubleState } from '../doubles/dolibarr/state';
import { projeqtorTrackerFor, startProjeqtorDouble, type PqDouble } from '../doubles/projeqtor';
import { bridgeExtrafieldsSeed } from './support/erp-seed';
import { eventually } from './support/service-process';
import { eventId, startWebhookScenario, ticketEvent, type Scenario } from './support/webhook-scenario';

jest.setTimeout(180_000);

/** ProjeQtor's recorded status 4 "done" (handled + done). */
const PQ_DONE = '4';
const DUE_SECONDS = 6;

let s: Scenario;
let pq: PqDouble;
const state = async () => (await s.control('/state')) as DoubleState;
const erpTicket = async (id: string) =>
  (await state()).tickets.find((t) => t.track_id.startsWith(trackIdFor({ helpdeskId: 'webhook', ticketId: id })));
const received = (type: string, id: string) => s.receiver.events.filter((e) => e.body.type === type && e.body.ticketId === id);
const devTickets = (number: string) => pq.control.tickets().filter((t) => t.externalReference === number);
const privateMessages = async (erpId: number) =>
  (await state()).events
    .filter((e) => e.elementtype === 'ticket' && e.elementid === erpId && e.code === 'TICKET_MSG_PRIVATE')
    .map((e) => e.note_private ?? '');

beforeAll(async () => {
  pq = await startProjeqtorDouble();
  s = await startWebhookScenario('dev-escalation', {
    env: projeqtorTrackerFor(pq).env,
    config: {
      devTrackers: projeqtorTrackerFor(pq).devTrackers,
      devEscalation: {
        enabled: true,
        tracker: 'projeqtor',
        helpdesks: {
          webhook: { marks: [{ type: 'bug' }], fields: { steps: 'Steps', environment: 'Environment', observed: 'Observed', expected: 'Expected' } },
        },
        dueAfter: `${DUE_SECONDS}s`,
        chaseEvery: '1h',
        onDone: 'reopen',
        pollSeconds: 1,
      },
    },
  });
  await s.control('/seed', { extrafields: bridgeExtrafieldsSeed() });
});
afterAll(async () => {
  await s?.close();
  await pq?.close();
});

describe('dev escalation through the running service (webhook helpdesk, ProjeQtor double)', () => {
  const HD = '8101';
  const NUMBER = '2026120810000011';
  const bug = (updatedAt: Date) =>
    ticketEvent(HD, {
      number: NUMBER,
      title: 'Invoice PDF is empty',
      body: 'Every invoice PDF is empty since the update.',
      type: 'bug',
      priority: 'urgent',
      customFields: {
        Steps: '1. Open an invoice\n2. Click PDF',
        Environment: 'Dolibarr 20, Firefox 133',
        Observed: 'An empty page',
        Expected: 'The invoice',
      },
      updatedAt: updatedAt.toISOString(),
    });

  it('opens one ProjeQtor ticket for a ticket marked three times, with the helpdesk number and the bug report', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 3; i++) {
      expect((await s.push(bug(new Date(t0 + i * 1000)))).status).toBe(202);
      await new Promise((r) => setTimeout(r, 300));
    }
    const created = await eventually(async () => received('dev_issue.created', HD)[0], 'the development issue announced to the helpdesk', 60_000);
    const [dev] = devTickets(NUMBER);
    expect(dev).toBeDefined();
    expect(dev!.name).toContain(NUMBER);
    const description = pq.control.storedDescription(dev!.id);
    expect(description).toMatch(/Steps to reproduce:[\s\S]*Click PDF/);
    expect(description).toMatch(/Expected result:[\s\S]*The invoice/);
    expect(description).toContain(`Helpdesk ticket: ${NUMBER}`);

    expect(created.body.note).toMatch(new RegExp(`Development issue .*${dev!.id}.*: http`));
    expect(created.body.reply).toEqual(expect.stringContaining(dev!.id));
    expect(new Date(created.body.remindAt as string).getTime()).toBeGreaterThan(Date.now());

    const erp = await eventually(async () => {
      const t = await erpTicket(HD);
      return t?.array_options.options_tb_dev_ref ? t : undefined;
    }, 'the development ref on the ERP ticket');
    expect(String(erp.array_options.options_tb_dev_url)).toMatch(/^http/);
    expect(
      (
        await eventually(
          async () => (await privateMessages(erp.id)).filter((m) => /Escalated to development/.test(m)).length > 0 && privateMessages(erp.id),
          'the ERP message',
        )
      ).filter((m) => /Escalated to development/.test(m)),
    ).toHaveLength(1);

    // The mark seen a few more times after the escalation: still one development ticket, one announcement.
    await s.push(bug(new Date(t0 + 5000)));
    await new Promise((r) => setTimeout(r, 2000));
    expect(devTickets(NUMBER)).toHaveLength(1);
    expect(received('dev_issue.created', HD)).toHaveLength(1);
  });

  it('asks the agent to chase the developers once the due date passes with the issue still open', async () => {
    const overdue = await eventually(async () => received('dev_issue.overdue', HD)[0], 'the reminder', 60_000);
    expect(overdue.body.note).toMatch(/still .* please chase/);
    expect(received('dev_issue.done', HD)).toHaveLength(0);
  });

  it('reopens the helpdesk ticket and tells the customer when the developers are done, and notes it in the ERP', async () => {
    const [dev] = devTickets(NUMBER);
    pq.control.setStatus(dev!.id, PQ_DONE);
    const done = await eventually(async () => received('dev_issue.done', HD)[0], 'the end reported to the helpdesk', 60_000);
    expect(done.body).toMatchObject({ state: 'open', reply: expect.stringContaining('fixed') });
    expect(done.body.note).toMatch(/is done/);
    const erp = (await erpTicket(HD))!;
    await eventually(async () => (await privateMessages(erp.id)).some((m) => /is done/.test(m)), 'the ERP message about the fix');
    await new Promise((r) => setTimeout(r, 2500));
    expect(received('dev_issue.done', HD)).toHaveLength(1);
  });

  it('escalates on the webhook escalate event and on the admin API call, once per ticket', async () => {
    const other = '8102';
    const number = '2026120810000022';
    expect((await s.push(ticketEvent(other, { number, type: 'incident' }))).status).toBe(202);
    await eventually(async () => erpTicket(other), 'the second ticket mirrored');
    expect((await s.push({ type: 'escalate', eventId: eventId('esc'), occurredAt: new Date().toISOString(), ticketId: other })).status).toBe(202);
    await eventually(async () => received('dev_issue.created', other)[0], 'the requested escalation', 60_000);
    expect((await s.admin('POST', `/api/tickets/webhook/${other}/dev-escalation`, {})).status).toBe(202);
    await new Promise((r) => setTimeout(r, 2000));
    expect(devTickets(number)).toHaveLength(1);
    expect(received('dev_issue.created', other)).toHaveLength(1);
  });
});
