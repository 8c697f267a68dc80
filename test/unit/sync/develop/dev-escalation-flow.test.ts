import { devEscalationConfigSchema } from '../../../../src/config/dev-escalation-schema';
import { ServerError, type HelpdeskAdapter } from '../../../../src/plugin-sdk';
import { escalateToDev } from '../../../../src/sync/develop/escalate-to-dev';
import { checkDevIssue } from '../../../../src/sync/develop/follow-dev-issue';
import { pollDevTracker } from '../../../../src/sync/develop/poll-dev-tracker';
import { mirrorTicket } from '../../../../src/sync/mirror/mirror-ticket';
import { devEscalationStep } from '../../../../src/sync/mirror/dev-escalation-step';
import { createIntake } from '../../../../src/jobs/intake';
import { makeEngine, NOW } from '../../../support/fakes/engine';
import { helpdeskTicket, snapshot } from '../../../support/fakes/helpdesk';
import { FakeDevTracker, MemoryDevIssueLinks, RecordingPlanner } from '../../../support/fakes/dev-tracker';

const key = { helpdeskId: 'znuny', ticketId: '7' };
const DAY = 86_400_000;

function setup(
  config: Record<string, unknown> = {},
  caps: { customerReplies?: boolean; reminders?: boolean } = { customerReplies: true, reminders: true },
) {
  const e = makeEngine();
  let now = NOW;
  e.deps.now = () => now;
  const adapter = e.deps.adapters.get('znuny') as { -readonly [K in keyof HelpdeskAdapter]: HelpdeskAdapter[K] };
  Object.assign(adapter, caps);
  const tracker = new FakeDevTracker('projeqtor', () => now);
  const links = new MemoryDevIssueLinks();
  const planner = new RecordingPlanner();
  e.deps.devEscalation = {
    config: devEscalationConfigSchema.parse({
      enabled: true,
      tracker: 'projeqtor',
      helpdesks: { znuny: { marks: [{ type: 'Bug' }], fields: { steps: 'Steps' } } },
      ...config,
    }),
    tracker,
    links,
    planner,
  };
  e.deps.steps = [devEscalationStep];
  e.helpdesk.put(
    snapshot(helpdeskTicket({ id: '7', number: '2026112010000071', type: 'Bug', priority: '5 very high', customFields: { Steps: 'Print twice' } })),
  );
  return { ...e, tracker, links, planner, setNow: (d: Date) => (now = d) };
}

describe('escalating a ticket to the development tracker', () => {
  it('creates the issue from the ticket, links it, and tells the helpdesk: note, customer reply, due date', async () => {
    const t = setup();
    expect(await escalateToDev(key, t.deps)).toBe('created');
    expect(t.tracker.created).toEqual([
      {
        title: expect.stringContaining('[2026112010000071]'),
        description: expect.stringContaining('Steps to reproduce:\nPrint twice'),
        externalRef: '2026112010000071',
        urgency: 'critical',
      },
    ]);
    const link = (await t.links.get(key))!;
    expect(link).toMatchObject({ trackerId: 'projeqtor', issueId: '1', reference: 'BUG-1', dueAt: new Date(NOW.getTime() + 7 * DAY) });
    const [update] = t.outbox.ofType('dev_issue.created');
    expect(update).toMatchObject({
      note: 'Development issue BUG-1 opened in the development tracker: https://tracker.example/view.php?id=1',
      reply: expect.stringContaining('BUG-1'),
      remindAt: link.dueAt,
    });
    expect(t.planner.plans.get('znuny:7:dev-issue-due')).toEqual(link.dueAt);
    expect(t.scheduler.mirrors).toEqual([key]);
  });

  it('asks nothing of a helpdesk that cannot, and no reply when replyToCustomer is off', async () => {
    const t = setup({ replyToCustomer: false });
    await escalateToDev(key, t.deps);
    const [update] = t.outbox.ofType('dev_issue.created');
    expect(update!.reply).toBeUndefined();
    const bare = setup({}, {});
    await escalateToDev(key, bare.deps);
    const [plain] = bare.outbox.ofType('dev_issue.created');
    expect(plain!.reply).toBeUndefined();
    expect(plain!.remindAt).toBeUndefined();
    expect(plain!.note).toContain('BUG-1');
  });

  it('creates one issue however often it runs, and finds the issue of a run that died before linking it', async () => {
    const t = setup();
    await escalateToDev(key, t.deps);
    expect(await escalateToDev(key, t.deps)).toBe('linked');
    expect(t.tracker.created).toHaveLength(1);
    expect(t.outbox.ofType('dev_issue.created')).toHaveLength(1);

    const crashed = setup();
    crashed.tracker.loseNextCreateAnswer = true;
    await expect(escalateToDev(key, crashed.deps)).rejects.toMatchObject({ kind: 'timeout', transient: true });
    expect(await crashed.links.get(key)).toBeNull();
    expect(await escalateToDev(key, crashed.deps)).toBe('found');
    expect(crashed.tracker.created).toHaveLength(1);
    expect((await crashed.links.get(key))!.issueId).toBe('1');
  });

  it('does not take over the issue of another helpdesk ticket with the same number', async () => {
    const t = setup();
    await t.tracker.createIssue({ title: 'RT 2026112010000071', description: '', externalRef: '2026112010000071', urgency: 'low' });
    await t.links.save(
      { helpdeskId: 'rt', ticketId: '2026112010000071' },
      { trackerId: 'projeqtor', issueId: '1', reference: 'BUG-1', url: 'u', helpdeskNumber: '2026112010000071', createdAt: NOW, dueAt: NOW },
    );
    expect(await escalateToDev(key, t.deps)).toBe('created');
    expect((await t.links.get(key))!.issueId).toBe('2');
  });

  it('refuses (not retried) when dev escalation is off or the ticket is unknown', async () => {
    const t = setup();
    await expect(escalateToDev({ helpdeskId: 'znuny', ticketId: '404' }, t.deps)).rejects.toMatchObject({ name: 'InputError' });
    t.deps.devEscalation = undefined;
    await expect(escalateToDev(key, t.deps)).rejects.toThrow(/not enabled/);
  });
});

describe('following the development issue', () => {
  it('waits before the due date, then asks the agent to chase once per period and plans the next reminder', async () => {
    const t = setup();
    await escalateToDev(key, t.deps);
    const due = (await t.links.get(key))!.dueAt;
    expect(await checkDevIssue(key, t.deps)).toBe('waiting');
    expect(t.outbox.ofType('dev_issue.overdue')).toHaveLength(0);

    t.setNow(new Date(due.getTime() + 1000));
    expect(await checkDevIssue(key, t.deps)).toBe('reminded');
    expect(await checkDevIssue(key, t.deps)).toBe('reminded');
    const overdue = t.outbox.ofType('dev_issue.overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ note: expect.stringMatching(/BUG-1 is still Recorded .*chase/), remindAt: new Date(due.getTime() + 2 * DAY) });
    expect(t.planner.plans.get('znuny:7:dev-issue-due')).toEqual(new Date(due.getTime() + 2 * DAY));
    expect(t.tracker.notes).toEqual([
      { issueId: '1', text: expect.stringMatching(/^Support ticket 2026112010000071 is past its due date/), visibility: 'team' },
    ]);

    t.setNow(new Date(due.getTime() + 2 * DAY + 1000));
    await checkDevIssue(key, t.deps);
    expect(t.outbox.ofType('dev_issue.overdue')).toHaveLength(2);
    expect(t.tracker.notes).toHaveLength(2);
  });

  it('retries a reminder whose tracker note failed without asking the agent twice', async () => {
    const t = setup();
    await escalateToDev(key, t.deps);
    t.setNow(new Date((await t.links.get(key))!.dueAt.getTime() + 1000));
    const addNote = t.tracker.addNote.bind(t.tracker);
    let fail = true;
    t.tracker.addNote = async (...args) => {
      if (fail) {
        fail = false;
        throw new ServerError('503', { system: 'projeqtor', method: 'POST', path: '/api/Note', status: 503, transient: true });
      }
      return addNote(...args);
    };
    await expect(checkDevIssue(key, t.deps)).rejects.toMatchObject({ transient: true });
    expect(await checkDevIssue(key, t.deps)).toBe('reminded');
    expect(t.outbox.ofType('dev_issue.overdue')).toHaveLength(1);
    expect(t.tracker.notes).toHaveLength(1);
  });

  it('reports a done issue once: note, ticket reopened, customer told; then stops following it', async () => {
    const t = setup();
    await escalateToDev(key, t.deps);
    t.tracker.move('1', 'Done', 'done');
    t.scheduler.mirrors.length = 0;
    expect(await checkDevIssue(key, t.deps)).toBe('done');
    expect(await checkDevIssue(key, t.deps)).toBe('none');
    const done = t.outbox.ofType('dev_issue.done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({
      note: 'Development issue BUG-1 is done (Done): https://tracker.example/view.php?id=1',
      state: 'open',
      reply: expect.stringContaining('fixed'),
    });
    expect(t.planner.plans.get('znuny:7:dev-issue-due')).toBeNull();
    expect(t.scheduler.mirrors).toEqual([key]);
    expect(t.tracker.getCalls).toEqual(['1']);
  });

  it('only notes the end with onDone: note, and tells the customer nothing of a cancelled issue', async () => {
    const t = setup({ onDone: 'note' });
    await escalateToDev(key, t.deps);
    t.tracker.move('1', 'Rejected', 'cancelled');
    await checkDevIssue(key, t.deps);
    const [done] = t.outbox.ofType('dev_issue.done');
    expect(done!.state).toBeUndefined();
    expect(done!.reply).toBeUndefined();
    expect(done!.note).toMatch(/closed without a fix/);
    expect((await t.links.get(key))!.doneCategory).toBe('cancelled');
  });

  it('polls the tracker from its cursor and checks the linked issues only', async () => {
    const t = setup();
    await escalateToDev(key, t.deps);
    await t.tracker.createIssue({ title: 'not ours', description: '', externalRef: 'other', urgency: 'low' });
    expect(await pollDevTracker(t.deps)).toBe(1);
    expect(t.scheduler.devChecks).toEqual([key]);
    expect(t.pollCursors.values.get('poll:dev-tracker:projeqtor')).toBe('2');
    expect(await pollDevTracker(t.deps)).toBe(0);
    t.tracker.move('1', 'Done', 'done');
    expect(await pollDevTracker(t.deps)).toBe(1);
  });
});

describe('the mirror run and dev escalation', () => {
  it('queues the escalation of a marked ticket, however often it is seen, and never calls the tracker', async () => {
    const t = setup();
    for (let i = 0; i < 3; i++) await mirrorTicket(key, t.deps);
    expect(t.scheduler.devEscalations).toEqual([key, key, key]);
    expect(t.tracker.created).toEqual([]);
  });

  it('leaves unmarked and finished tickets alone', async () => {
    const t = setup();
    t.helpdesk.put(snapshot(helpdeskTicket({ id: '7', type: 'Incident' })));
    await mirrorTicket(key, t.deps);
    t.helpdesk.put(snapshot(helpdeskTicket({ id: '7', type: 'Bug', state: 'closed successful', stateCategory: 'closed' })));
    await mirrorTicket(key, t.deps);
    expect(t.scheduler.devEscalations).toEqual([]);
  });

  it('writes the reference and link on the ERP ticket and one private message at creation, one at the end', async () => {
    const t = setup();
    await escalateToDev(key, t.deps);
    await mirrorTicket(key, t.deps);
    await mirrorTicket(key, t.deps);
    const erpTicket = t.erp.tickets[0]!;
    expect(erpTicket.extrafields).toMatchObject({ tb_dev_ref: 'BUG-1', tb_dev_url: 'https://tracker.example/view.php?id=1' });
    const privateNotes = () => t.erp.messages.filter((m) => /Development issue|Escalated to development/.test(m.note ?? ''));
    expect(privateNotes().map((m) => m.note)).toEqual([
      'Escalated to development: issue BUG-1 (https://tracker.example/view.php?id=1), from helpdesk ticket 2026112010000071.',
    ]);
    t.tracker.move('1', 'Done', 'done');
    await checkDevIssue(key, t.deps);
    await mirrorTicket(key, t.deps);
    await mirrorTicket(key, t.deps);
    expect(privateNotes().map((m) => m.note)).toHaveLength(2);
    expect(privateNotes()[1]!.note).toBe('Development issue BUG-1 is done: https://tracker.example/view.php?id=1');
    expect(t.scheduler.devEscalations).toEqual([]);
  });
});

describe('the webhook escalate event', () => {
  it('queues the escalation once per new request, after the mirror', async () => {
    const t = setup();
    const intake = createIntake({ snapshots: t.snapshots, once: t.once, scheduler: t.scheduler, accountCaches: t.accountCaches, concurrency: 4 });
    const event = { type: 'ticket.dev_escalation_requested' as const, ticketId: '7', eventId: 'e-1' };
    await intake.acceptHelpdeskEvents('znuny', [event]);
    await intake.acceptHelpdeskEvents('znuny', [event]);
    expect(t.scheduler.mirrors).toEqual([key]);
    expect(t.scheduler.devEscalations).toEqual([key]);
  });
});
