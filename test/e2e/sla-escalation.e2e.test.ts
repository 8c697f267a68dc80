import path from 'node:path';
import { trackIdFor } from '../../src/sync/shared/ticket-identity';
import type { DoubleState } from '../doubles/dolibarr/state';
import { bridgeExtrafieldsSeed } from './support/erp-seed';
import { clockEnv, fakeNow, type FastClock } from './support/fast-clock';
import { eventually } from './support/service-process';
import { startWebhookScenario, ticketEvent, type Scenario } from './support/webhook-scenario';

jest.setTimeout(180_000);

/**
 * The service runs on a fake clock 20 times faster than the real one, from Monday 7 December 2026 9:00 in
 * Paris (inside office hours): a business minute passes in 3 real seconds (BullMQ may take a few real seconds
 * to pick up a delayed job, so the clock must not run so fast that the at-risk check lands after the breach).
 */
const clock: FastClock = { start: Date.parse('2026-12-07T09:00:00+01:00'), anchor: Date.now(), speed: 20 };
const fake = () => new Date(fakeNow(clock, Date.now()));
const MINUTE = 60_000;

let s: Scenario;
const HD = '7001';
const state = async () => (await s.control('/state')) as DoubleState;
const erpTicket = async () => (await state()).tickets.find((t) => t.track_id.startsWith(trackIdFor({ helpdeskId: 'webhook', ticketId: HD })));
const received = (type: string) => s.receiver.events.filter((e) => e.body.type === type && e.body.ticketId === HD);
const breachMessages = async (erpId: number) =>
  (await state()).events.filter(
    (e) =>
      e.elementtype === 'ticket' && e.elementid === erpId && e.code === 'TICKET_MSG_PRIVATE' && /Service level breached/.test(e.note_private ?? ''),
  );
const push = (body: unknown) => s.push(body, { timestamp: Math.floor(fake().getTime() / 1000) });
const ticketAt = (at: Date, overrides: Record<string, unknown> = {}) =>
  ticketEvent(
    HD,
    { queue: 'L1', state: 'new', stateCategory: 'new', createdAt: opened.toISOString(), updatedAt: at.toISOString(), ...overrides },
    { occurredAt: at.toISOString() },
  );
let opened: Date;

beforeAll(async () => {
  s = await startWebhookScenario('sla', {
    preload: [path.join(__dirname, 'support/fast-clock.ts')],
    env: clockEnv(clock),
    config: {
      sla: {
        enabled: true,
        calendars: { default: { timeZone: 'Europe/Paris', holidays: { country: 'FR' } } },
        policies: [{ name: 'standard', firstResponseMinutes: 15, resolutionMinutes: 240 }],
        escalations: [{ name: 'level-1-timeout', queues: ['L1'], afterMinutes: 10, toQueue: 'L2', note: 'Moved to level 2: {{reason}}.' }],
      },
    },
  });
  await s.control('/seed', { extrafields: bridgeExtrafieldsSeed() });
});
afterAll(async () => {
  await s?.close();
});

describe('service levels and escalation through the running service (fast clock)', () => {
  it('escalates a level-1 ticket to level 2 after 10 business minutes, with the note', async () => {
    opened = fake();
    expect((await push(ticketAt(opened))).status).toBe(202);
    const ticket = await eventually(async () => {
      const t = await erpTicket();
      return t?.array_options.options_tb_sla_policy === 'standard' ? t : undefined;
    }, 'the ERP ticket with its service level');
    expect(ticket.array_options.options_tb_sla_status).toBe('ok');

    const escalated = await eventually(async () => received('ticket.escalated')[0], 'the escalation at the helpdesk', 90_000);
    expect(escalated.body).toMatchObject({ move: { queue: 'L2' }, note: 'Moved to level 2: not resolved after 10 business minutes.' });
    expect(new Date(escalated.body.occurredAt as string).getTime()).toBeGreaterThanOrEqual(opened.getTime() + 10 * MINUTE);
  });

  it('reports the breached first response once in Dolibarr and once in the helpdesk', async () => {
    const breached = await eventually(async () => received('sla.breached')[0], 'the breach at the helpdesk', 90_000);
    expect(breached.body.note).toMatch(/^Service level standard: the first response target of 15 business minutes was missed/);
    expect(new Date(breached.body.occurredAt as string).getTime()).toBeGreaterThanOrEqual(opened.getTime() + 15 * MINUTE);
    // At risk at 12 minutes is noted unless a loaded machine ran that check after the breach; never twice.
    expect(received('sla.at_risk').length).toBeLessThanOrEqual(1);

    const erp = await eventually(async () => {
      const t = await erpTicket();
      return t?.array_options.options_tb_sla_status === 'breached' ? t : undefined;
    }, 'the breached status on the ERP ticket');
    expect(await eventually(async () => (await breachMessages(erp.id)).length === 1, 'the private breach message')).toBe(true);

    // The helpdesk moved the ticket and the agent answers: the ticket is mirrored again, nothing is reported twice.
    const later = fake();
    await push(ticketAt(later, { queue: 'L2', state: 'open', stateCategory: 'open', title: 'Printer on fire (level 2)' }));
    await eventually(async () => (await erpTicket())?.subject === 'Printer on fire (level 2)', 'the re-mirrored ticket');
    expect(await breachMessages(erp.id)).toHaveLength(1);
    expect(received('sla.breached')).toHaveLength(1);
    expect(received('ticket.escalated')).toHaveLength(1);
    expect((await erpTicket())?.array_options.options_tb_sla_status).toBe('breached');
  });

  it('counts the open breached ticket in the /metrics gauge', async () => {
    const metrics = await (await fetch(`${s.service.url}/metrics`)).text();
    expect(metrics).toMatch(/^ticketbridge_sla_open_tickets\{status="breached"\} 1$/m);
    expect(metrics).toMatch(/^ticketbridge_sla_open_tickets\{status="at_risk"\} 0$/m);
  });
});
