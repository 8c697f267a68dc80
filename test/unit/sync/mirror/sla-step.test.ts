import { slaConfigSchema, type SlaConfig } from '../../../../src/config/sla-schema';
import type { StateChange } from '../../../../src/plugin-sdk';
import { mirrorTicket } from '../../../../src/sync/mirror/mirror-ticket';
import { slaStep } from '../../../../src/sync/mirror/sla-step';
import type { TicketKey } from '../../../../src/sync/ports';
import { compileCalendar } from '../../../../src/sync/rules/business-calendar';
import type { DeadlinePlanner, DeadlineSlot, SlaRecordStore, StateHistoryStore } from '../../../../src/sync/ports';
import type { SlaRecord } from '../../../../src/sync/rules/sla-record';
import { makeEngine } from '../../../support/fakes/engine';
import { article, helpdeskTicket, snapshot } from '../../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };
const paris = (local: string) => new Date(`${local}+01:00`);

class MemoryHistory implements StateHistoryStore {
  readonly lists = new Map<string, StateChange[]>();
  async record(k: TicketKey, change: StateChange) {
    const list = this.lists.get(k.ticketId) ?? [];
    const last = list.at(-1);
    if (!last || (last.stateCategory !== change.stateCategory && change.at >= last.at)) list.push(change);
    this.lists.set(k.ticketId, list);
    return [...list];
  }
}

class MemoryRecords implements SlaRecordStore {
  readonly months = new Map<string, Map<string, SlaRecord>>();
  async save(month: string, r: SlaRecord) {
    this.months.set(month, (this.months.get(month) ?? new Map()).set(r.ticketId, r));
  }
  async forget(month: string, k: TicketKey) {
    this.months.get(month)?.delete(k.ticketId);
  }
  async listMonth(month: string) {
    return [...(this.months.get(month)?.values() ?? [])];
  }
  async openByStatus() {
    const all = [...this.months.values()].flatMap((m) => [...m.values()]).filter((r) => r.open);
    return {
      ok: 0,
      paused: 0,
      at_risk: 0,
      breached: 0,
      ...Object.fromEntries(['ok', 'paused', 'at_risk', 'breached'].map((st) => [st, all.filter((r) => r.status === st).length])),
    };
  }
}

class RecordingPlanner implements DeadlinePlanner {
  readonly planned = new Map<DeadlineSlot, Date | null>();
  async plan(_k: TicketKey, slot: DeadlineSlot, at: Date | null) {
    this.planned.set(slot, at);
  }
}

function setup(slaInput: Record<string, unknown> = {}) {
  const sla: SlaConfig = slaConfigSchema.parse({
    enabled: true,
    calendars: { default: { holidays: { country: 'FR' } } },
    policies: [{ name: 'standard', firstResponseMinutes: 60, resolutionMinutes: 480, excludedTypes: ['licence-request'] }],
    ...slaInput,
  });
  const e = makeEngine();
  const adapter = e.deps.adapters.get('znuny')!;
  e.deps.adapters = new Map([['znuny', { ...adapter, moves: { queue: true, owner: true } }]]);
  let now = paris('2026-11-03T09:00');
  e.deps.now = () => now;
  const planner = new RecordingPlanner();
  const calendars = new Map(Object.entries(sla.calendars).map(([n, c]) => [n, compileCalendar(n, c)]));
  const records = new MemoryRecords();
  e.deps.steps = [slaStep({ sla, calendars, history: new MemoryHistory(), planner, records })];
  const open = (
    extra: Parameters<typeof helpdeskTicket>[0] = { id: '17' },
    articles = [article('1', 'It is on fire', { byAgent: false, createdAt: paris('2026-11-03T09:00') })],
  ) =>
    e.helpdesk.put(
      snapshot(
        helpdeskTicket({
          queue: 'L1',
          stateCategory: 'new',
          state: 'new',
          createdAt: paris('2026-11-03T09:00'),
          updatedAt: paris('2026-11-03T09:00'),
          ...extra,
        }),
        articles,
      ),
    );
  return {
    e,
    planner,
    records,
    open,
    at: async (local: string) => {
      now = paris(local);
      await mirrorTicket(key, e.deps);
    },
    /** The ERP ticket's extrafields; a blank one may be absent or null. */
    ticket: () => ({ tb_sla_first_due: null, tb_sla_status: null, ...e.erp.tickets[0]!.extrafields }),
    privateMessages: () => e.erp.messages.filter((m) => m.code === 'TICKET_MSG_PRIVATE'),
  };
}

describe('service levels on the mirror run', () => {
  it('writes the figures to the ERP ticket and plans the next change as a deadline', async () => {
    const s = setup();
    s.open();
    await s.at('2026-11-03T09:30');
    expect(s.ticket()).toMatchObject({
      tb_sla_policy: 'standard',
      tb_sla_first_due: '2026-11-03 10:00 +01:00',
      tb_sla_resol_due: '2026-11-04 10:00 +01:00',
      tb_sla_used_min: 30,
      tb_sla_status: 'ok',
    });
    expect(s.planner.planned.get('first-response')).toEqual(paris('2026-11-03T09:48'));
    expect(s.planner.planned.get('resolution')).toEqual(paris('2026-11-03T17:24'));
    expect(s.e.outbox.ofType('sla.at_risk')).toHaveLength(0);
  });

  it('notes an at-risk target in the helpdesk once', async () => {
    const s = setup();
    s.open();
    await s.at('2026-11-03T09:50');
    await s.at('2026-11-03T09:55');
    expect(s.ticket().tb_sla_status).toBe('at_risk');
    const notes = s.e.outbox.ofType('sla.at_risk');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.note).toBe(
      'Service level standard: the first response target is at risk (50 of 60 business minutes used; due 2026-11-03 10:00 +01:00).',
    );
  });

  it('reports a breach once in the helpdesk and once as a private ERP message, whatever the number of runs', async () => {
    const s = setup();
    s.open();
    await s.at('2026-11-03T10:05');
    await s.at('2026-11-03T10:30');
    await s.at('2026-11-03T11:00');
    expect(s.ticket().tb_sla_status).toBe('breached');
    expect(s.e.outbox.ofType('sla.breached')).toHaveLength(1);
    expect(s.e.outbox.ofType('sla.at_risk')).toHaveLength(0);
    expect(s.privateMessages().map((m) => m.note)).toEqual([
      'Service level breached on HD-202617: first response target of 60 business minutes under policy standard, due 2026-11-03 10:00 +01:00.',
    ]);
    expect(s.planner.planned.get('first-response')).toBeNull();
    expect(await s.records.listMonth('2026-11')).toEqual([
      expect.objectContaining({
        ticketId: '17',
        policy: 'standard',
        status: 'breached',
        open: true,
        firstResponse: { targetMinutes: 60, usedMinutes: 120, done: false, breached: true },
      }),
    ]);
    expect((await s.records.openByStatus()).breached).toBe(1);
  });

  it("meets the first response with an agent's public answer and stops planning it", async () => {
    const s = setup();
    s.open({ id: '17', stateCategory: 'open', state: 'open', updatedAt: paris('2026-11-03T09:20') }, [
      article('1', 'It is on fire', { byAgent: false, createdAt: paris('2026-11-03T09:00') }),
      article('2', 'On my way', { byAgent: true, createdAt: paris('2026-11-03T09:20') }),
    ]);
    await s.at('2026-11-03T10:30');
    expect(s.ticket()).toMatchObject({ tb_sla_first_due: null, tb_sla_status: 'ok', tb_sla_used_min: 90 });
    expect(s.planner.planned.get('first-response')).toBeNull();
    expect(s.e.outbox.ofType('sla.breached')).toHaveLength(0);
  });

  it('leaves excluded types out and blanks their figures', async () => {
    const s = setup();
    s.open({ id: '17', type: 'licence-request' });
    await s.at('2026-11-03T12:00');
    expect(s.ticket()).toMatchObject({ tb_sla_policy: 'standard (type excluded)', tb_sla_status: null });
    expect(await s.records.listMonth('2026-11')).toEqual([]);
    expect(s.planner.planned.get('resolution')).toBeNull();
  });
});

describe('escalation on the mirror run', () => {
  const rules = {
    escalations: [{ name: 'l1-timeout', queues: ['L1'], afterMinutes: 10, toQueue: 'L2', note: 'Level 1 could not solve it: {{reason}}.' }],
  };

  it('plans the escalation, then moves the ticket to level 2 with the note, once', async () => {
    const s = setup(rules);
    s.open();
    await s.at('2026-11-03T09:05');
    expect(s.planner.planned.get('escalation')).toEqual(paris('2026-11-03T09:10'));
    expect(s.e.outbox.ofType('ticket.escalated')).toHaveLength(0);

    await s.at('2026-11-03T09:11');
    await s.at('2026-11-03T09:12');
    const escalated = s.e.outbox.ofType('ticket.escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({ move: { queue: 'L2' }, note: 'Level 1 could not solve it: not resolved after 10 business minutes.' });
    expect(s.planner.planned.get('escalation')).toBeNull();
  });

  it('does not count the lunch break or the time waiting on the customer', async () => {
    const s = setup(rules);
    s.open({ id: '17', createdAt: paris('2026-11-03T11:55'), updatedAt: paris('2026-11-03T11:55') }, []);
    await s.at('2026-11-03T12:30');
    expect(s.planner.planned.get('escalation')).toEqual(paris('2026-11-03T14:05'));
    s.open({ id: '17', createdAt: paris('2026-11-03T11:55'), stateCategory: 'waiting_customer', updatedAt: paris('2026-11-03T14:01') }, []);
    await s.at('2026-11-03T16:00');
    expect(s.planner.planned.get('escalation')).toBeNull();
    expect(s.e.outbox.ofType('ticket.escalated')).toHaveLength(0);
  });

  it('escalates at once by priority', async () => {
    const s = setup({ escalations: [{ name: 'critical', priorities: ['critical'], toOwner: 'level2-team' }] });
    s.open({ id: '17', priority: 'critical' });
    await s.at('2026-11-03T09:01');
    expect(s.e.outbox.ofType('ticket.escalated')).toEqual([
      expect.objectContaining({ move: { owner: 'level2-team' }, note: 'Escalated to level 2: priority critical goes straight to level 2.' }),
    ]);
  });

  it('leaves a ticket already in the level-2 queue alone', async () => {
    const s = setup(rules);
    s.open({ id: '17', queue: 'L2' });
    await s.at('2026-11-03T11:00');
    expect(s.e.outbox.ofType('ticket.escalated')).toHaveLength(0);
  });
});
