import { calendarSchema, slaPolicySchema, type SlaPolicy } from '../../../../src/config/sla-schema';
import type { StateCategory, TicketSnapshot } from '../../../../src/plugin-sdk';
import { compileCalendar } from '../../../../src/sync/rules/business-calendar';
import { computeClock, type SlaClock } from '../../../../src/sync/rules/sla-clock';
import { firstAgentAnswer, stateTimeline } from '../../../../src/sync/rules/state-timeline';

const office = compileCalendar('office', calendarSchema.parse({ timeZone: 'Europe/Paris', holidays: { country: 'FR' } }));
const policy: SlaPolicy = slaPolicySchema.parse({ name: 'standard', firstResponseMinutes: 60, resolutionMinutes: 480 });
const paris = (local: string) => new Date(`${local}+01:00`);

function clock(opened: string, changes: Array<[string, StateCategory]>, now: string, firstResponseAt?: string): SlaClock {
  const createdAt = paris(opened);
  const history = changes.map(([at, stateCategory]) => ({ at: paris(at), stateCategory }));
  const current = history.at(-1)?.stateCategory ?? 'new';
  return computeClock({
    policy,
    calendar: office,
    atRiskPercent: 80,
    timeline: stateTimeline(createdAt, history, current, history.at(-1)?.at ?? createdAt),
    firstResponseAt: firstResponseAt ? paris(firstResponseAt) : undefined,
    now: paris(now),
  });
}

const minutes = (ms: number) => ms / 60_000;

describe('service-level clock', () => {
  it('runs the first-response clock, goes at risk at 80 % and is breached at the due time', () => {
    const early = clock('2026-11-03T10:00', [], '2026-11-03T10:30');
    expect(early.status).toBe('ok');
    expect(minutes(early.firstResponse!.usedMs)).toBe(30);
    expect(early.firstResponse!.dueAt).toEqual(paris('2026-11-03T11:00'));
    expect(early.firstResponse!.atRiskAt).toEqual(paris('2026-11-03T10:48'));
    expect(early.nextChangeAt).toEqual(paris('2026-11-03T10:48'));

    expect(clock('2026-11-03T10:00', [], '2026-11-03T10:50').status).toBe('at_risk');

    const late = clock('2026-11-03T10:00', [], '2026-11-03T11:05');
    expect(late.status).toBe('breached');
    expect(late.firstResponse!.breachedAt).toEqual(paris('2026-11-03T11:00'));
    // The resolution clock still runs: its at-risk instant is the next change.
    expect(late.nextChangeAt).toEqual(paris('2026-11-04T09:24'));
  });

  it('meets the first response with the first public answer of an agent, even at the due instant', () => {
    const answered = clock('2026-11-03T10:00', [['2026-11-03T10:01', 'open']], '2026-11-03T15:00', '2026-11-03T11:00');
    expect(answered.firstResponse).toMatchObject({ state: 'met', usedMs: 60 * 60_000 });
    expect(answered.status).toBe('ok');
    expect(minutes(answered.resolution!.usedMs)).toBe(180);
  });

  it('stays breached once a target was missed, after the ticket is resolved', () => {
    const c = clock('2026-11-03T09:00', [['2026-11-04T09:00', 'resolved']], '2026-11-05T09:00', '2026-11-03T10:30');
    expect(c.firstResponse).toMatchObject({ state: 'breached', breachedAt: paris('2026-11-03T10:00') });
    expect(c.resolution!.state).toBe('met');
    expect(c.status).toBe('breached');
  });

  it('pauses while the ticket waits on the customer, across a weekend', () => {
    const changes: Array<[string, StateCategory]> = [
      ['2026-11-06T16:00', 'open'],
      ['2026-11-06T17:00', 'waiting_customer'],
      ['2026-11-09T11:00', 'open'],
    ];
    const paused = clock('2026-11-06T16:00', changes.slice(0, 2), '2026-11-09T10:00', '2026-11-06T16:10');
    expect(paused.status).toBe('paused');
    expect(paused.resolution).toMatchObject({ state: 'paused', usedMs: 60 * 60_000 });
    expect(paused.resolution!.dueAt).toBeUndefined();
    expect(paused.nextChangeAt).toBeUndefined();

    const resumed = clock('2026-11-06T16:00', changes, '2026-11-09T12:00', '2026-11-06T16:10');
    expect(resumed.status).toBe('ok');
    expect(minutes(resumed.resolution!.usedMs)).toBe(120);
    // 420 minutes left from Monday 11:00: 11–12, 14–18, then Tuesday 9–11.
    expect(resumed.resolution!.dueAt).toEqual(paris('2026-11-10T11:00'));
  });

  it('stops on resolution and runs on from where it stopped when the ticket is reopened', () => {
    const changes: Array<[string, StateCategory]> = [
      ['2026-11-03T09:00', 'open'],
      ['2026-11-03T10:00', 'resolved'],
      ['2026-11-04T09:00', 'open'],
    ];
    const resolved = clock('2026-11-03T09:00', changes.slice(0, 2), '2026-11-03T15:00', '2026-11-03T09:30');
    expect(resolved.resolution).toMatchObject({ state: 'met', usedMs: 60 * 60_000 });
    expect(resolved.nextChangeAt).toBeUndefined();

    const reopened = clock('2026-11-03T09:00', changes, '2026-11-04T10:30', '2026-11-03T09:30');
    expect(reopened.resolution!.state).toBe('running');
    expect(minutes(reopened.usedMs)).toBe(150);
    expect(reopened.resolution!.dueAt).toEqual(paris('2026-11-04T18:00'));
  });

  it('starts at the next opening for a ticket opened outside hours or on a holiday', () => {
    expect(clock('2026-11-03T07:00', [], '2026-11-03T08:00').firstResponse!.dueAt).toEqual(paris('2026-11-03T10:00'));
    const holiday = clock('2026-11-11T10:00', [], '2026-11-11T17:00');
    expect(holiday.firstResponse!.dueAt).toEqual(paris('2026-11-12T10:00'));
    expect(holiday.firstResponse!.usedMs).toBe(0);
    expect(holiday.status).toBe('ok');
  });

  it('gives the same due instants whenever it is computed (replay, restart, late event)', () => {
    const a = clock('2026-11-06T16:00', [['2026-11-06T16:30', 'open']], '2026-11-06T16:45');
    const b = clock('2026-11-06T16:00', [['2026-11-06T16:30', 'open']], '2026-11-09T09:05');
    expect(a.firstResponse!.dueAt).toEqual(paris('2026-11-06T17:00'));
    expect(a.status).toBe('ok');
    expect(b.resolution!.dueAt).toEqual(a.resolution!.dueAt);
    expect(b.resolution!.atRiskAt).toEqual(a.resolution!.atRiskAt);
    expect(b.firstResponse!.breachedAt).toEqual(a.firstResponse!.dueAt);
    expect(b.status).toBe('breached');
  });
});

describe('state timeline', () => {
  it('orders changes, counts those dated before creation from the creation, and ends in the current state', () => {
    const created = paris('2026-11-03T10:00');
    const timeline = stateTimeline(
      created,
      [
        { at: paris('2026-11-03T12:00'), stateCategory: 'waiting_customer' },
        { at: paris('2026-11-03T09:59'), stateCategory: 'open' },
      ],
      'resolved',
      paris('2026-11-03T16:00'),
    );
    expect(timeline).toEqual([
      { at: created, stateCategory: 'open' },
      { at: paris('2026-11-03T12:00'), stateCategory: 'waiting_customer' },
      { at: paris('2026-11-03T16:00'), stateCategory: 'resolved' },
    ]);
  });
});

describe('first agent answer', () => {
  const snapshot = (articles: TicketSnapshot['articles']): TicketSnapshot => ({
    ticket: {
      helpdeskId: 'hd',
      id: '1',
      number: '1',
      title: 't',
      body: '',
      state: 'open',
      stateCategory: 'open',
      customer: { email: 'ann@customer.example' },
      createdAt: paris('2026-11-03T09:00'),
      updatedAt: paris('2026-11-03T09:00'),
    },
    articles,
    timeEntries: [],
  });
  const article = (id: string, at: string, extra: Partial<TicketSnapshot['articles'][number]>) => ({
    id,
    body: '',
    internal: false,
    createdAt: paris(at),
    attachments: [],
    ...extra,
  });

  it("skips internal notes and the customer's own messages", () => {
    expect(
      firstAgentAnswer(
        snapshot([
          article('1', '2026-11-03T09:00', { byAgent: false }),
          article('2', '2026-11-03T09:10', { byAgent: true, internal: true }),
          article('3', '2026-11-03T09:20', { byAgent: false }),
          article('4', '2026-11-03T09:30', { byAgent: true }),
        ]),
      ),
    ).toEqual(paris('2026-11-03T09:30'));
  });

  it("without sender information, takes a later public article not written from the customer's address", () => {
    expect(
      firstAgentAnswer(
        snapshot([
          article('1', '2026-11-03T09:00', { author: 'Ann <ann@customer.example>' }),
          article('2', '2026-11-03T09:10', { author: 'ann@customer.example' }),
          article('3', '2026-11-03T09:40', { author: 'agent1' }),
        ]),
      ),
    ).toEqual(paris('2026-11-03T09:40'));
    expect(firstAgentAnswer(snapshot([article('1', '2026-11-03T09:00', {})]))).toBeUndefined();
  });
});
