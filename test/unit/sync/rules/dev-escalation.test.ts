import { devIssueFacts, devUrgency, describeMark, matchingMark, nextReminder } from '../../../../src/sync/rules/dev-escalation';
import { createTemplateRenderer } from '../../../../src/sync/templates';
import { devEscalationConfigSchema } from '../../../../src/config/dev-escalation-schema';
import { helpdeskTicket } from '../../../support/fakes/helpdesk';

describe('dev escalation marks', () => {
  const marks = [{ type: 'Bug' }, { queue: 'Level 2::Development' }, { state: 'escalated to dev' }, { field: 'Escalate', value: 'yes' }];

  it('matches a ticket carrying any one mark, and none without', () => {
    expect(matchingMark(helpdeskTicket({ id: '1', type: 'Bug' }), marks)).toEqual({ type: 'Bug' });
    expect(matchingMark(helpdeskTicket({ id: '1', queue: 'Level 2::Development' }), marks)).toEqual({ queue: 'Level 2::Development' });
    expect(matchingMark(helpdeskTicket({ id: '1', state: 'escalated to dev' }), marks)).toEqual({ state: 'escalated to dev' });
    expect(matchingMark(helpdeskTicket({ id: '1', customFields: { Escalate: 'yes' } }), marks)).toEqual({ field: 'Escalate', value: 'yes' });
    expect(matchingMark(helpdeskTicket({ id: '1', type: 'Incident', queue: 'Level 2', customFields: { Escalate: 'no' } }), marks)).toBeNull();
    expect(matchingMark(helpdeskTicket({ id: '1', type: 'Bug' }), [])).toBeNull();
  });

  it('matches one value of a multi-value field, not a part of a value', () => {
    expect(matchingMark(helpdeskTicket({ id: '1', customFields: { Escalate: 'maybe, yes' } }), marks)).not.toBeNull();
    expect(matchingMark(helpdeskTicket({ id: '1', customFields: { Escalate: 'yesterday' } }), marks)).toBeNull();
  });

  it('says which mark it is', () => {
    expect(marks.map(describeMark)).toEqual(['type "Bug"', 'queue "Level 2::Development"', 'state "escalated to dev"', 'field Escalate = "yes"']);
  });
});

describe('dev issue urgency', () => {
  it('takes the configured mapping first', () => {
    expect(devUrgency('3 normal', { '3 normal': 'high' })).toBe('high');
  });

  it('guesses from words, then from a leading digit on a scale of five, else normal', () => {
    expect(['5 very high', '4 high', '3 normal', '2 low', '1 very low'].map((p) => devUrgency(p, {}))).toEqual([
      'critical',
      'high',
      'normal',
      'low',
      'low',
    ]);
    expect(['Urgent', 'Critical', 'Highest', 'Medium', 'Lowest'].map((p) => devUrgency(p, {}))).toEqual([
      'critical',
      'critical',
      'critical',
      'normal',
      'low',
    ]);
    expect(['5', '4', '3', '1', '50', 'P1'].map((p) => devUrgency(p, {}))).toEqual(['critical', 'high', 'normal', 'low', 'normal', 'normal']);
    expect(devUrgency(undefined, {})).toBe('normal');
  });
});

describe('dev issue reminders', () => {
  const due = new Date('2026-11-27T12:00:00Z');
  const day = 86_400_000;

  it('is the due instant while it is ahead, then every chaseEvery after it', () => {
    expect(nextReminder(due, 2 * day, new Date('2026-11-25T12:00:00Z'))).toEqual(due);
    expect(nextReminder(due, 2 * day, due)).toEqual(new Date(due.getTime() + 2 * day));
    expect(nextReminder(due, 2 * day, new Date(due.getTime() + 3 * day))).toEqual(new Date(due.getTime() + 4 * day));
  });
});

describe('dev issue templates', () => {
  const render = createTemplateRenderer();
  const config = { fields: { steps: 'Steps', environment: 'Environment', observed: 'Observed', expected: 'Expected' }, urgency: {} };

  it('writes every section the helpdesk has, with the helpdesk number, ERP ref and customer', () => {
    const ticket = helpdeskTicket({
      id: '7',
      number: '2026112010000071',
      title: "Invoice PDF can't be opened",
      body: 'The PDF of every invoice is empty since the update.',
      priority: '4 high',
      customer: { email: 'alice@acme.example', name: 'Alice Martin', company: 'ACME' },
      customFields: {
        Steps: '1. Open an invoice\n2. Click PDF',
        Environment: 'Dolibarr 20.0.2, Firefox 133',
        Observed: 'An empty page',
        Expected: 'The invoice',
        Other: 'x',
      },
    });
    const facts = devIssueFacts(ticket, config, { erpRef: 'HD-2026112010000071', helpdeskUrl: 'https://znuny.example/t/7' });
    expect(facts.urgency).toBe('high');
    expect(render('dev-issue-title', facts)).toBe("[2026112010000071] Invoice PDF can't be opened");
    expect(render('dev-issue-description', facts)).toBe(
      [
        'The PDF of every invoice is empty since the update.',
        '',
        'Steps to reproduce:',
        '1. Open an invoice',
        '2. Click PDF',
        '',
        'Environment:',
        'Dolibarr 20.0.2, Firefox 133',
        '',
        'Observed result:',
        'An empty page',
        '',
        'Expected result:',
        'The invoice',
        '',
        'Urgency: high',
        'Helpdesk ticket: 2026112010000071 (https://znuny.example/t/7)',
        'ERP ticket: HD-2026112010000071',
        'Customer: ACME / Alice Martin / alice@acme.example',
      ].join('\n'),
    );
  });

  it('leaves out the sections the helpdesk does not have', () => {
    const facts = devIssueFacts(helpdeskTicket({ id: '8', number: '42', customer: {}, customFields: { Steps: '  ' } }), config, {});
    expect(render('dev-issue-description', facts)).toBe(
      ['The printer in room 12 is on fire.', '', 'Urgency: normal', 'Helpdesk ticket: 42'].join('\n'),
    );
  });

  it('promises no date to the customer', () => {
    const reply = render('dev-issue-created-reply', { reference: 'BUG-12', url: 'https://tracker.example/12' });
    expect(reply).toContain('BUG-12');
    expect(reply).not.toMatch(/\d{4}-\d{2}-\d{2}|within|by (monday|tomorrow)|days?\b/i);
    expect(render('dev-issue-created-note', { reference: 'BUG-12', url: 'https://tracker.example/12' })).toBe(
      'Development issue BUG-12 opened in the development tracker: https://tracker.example/12',
    );
  });

  it('says a cancelled issue was closed without a fix', () => {
    expect(render('dev-issue-done-note', { reference: 'BUG-12', url: 'u', status: 'Rejected', cancelled: true })).toBe(
      'Development issue BUG-12 was closed without a fix (Rejected): u',
    );
    expect(render('dev-issue-done-note', { reference: 'BUG-12', url: 'u', status: 'Closed', cancelled: false })).toBe(
      'Development issue BUG-12 is done (Closed): u',
    );
  });
});

describe('devEscalation configuration', () => {
  it('is off by default, with a week to the due date and a reminder every two days', () => {
    const c = devEscalationConfigSchema.parse({});
    expect(c).toMatchObject({ enabled: false, replyToCustomer: true, onDone: 'reopen', dueAfter: 7 * 86_400_000, chaseEvery: 2 * 86_400_000 });
  });

  it('names the field of a bad value, and needs a tracker when enabled', () => {
    const bad = devEscalationConfigSchema.safeParse({ enabled: true, dueAfter: '5 days', helpdesks: { znuny: { marks: [{ colour: 'red' }] } } });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['dueAfter', 'helpdesks.znuny.marks.0']));
    const noTracker = devEscalationConfigSchema.safeParse({ enabled: true });
    expect(noTracker.success ? [] : noTracker.error.issues.map((i) => i.path.join('.'))).toEqual(['tracker']);
  });

  it('reads durations in seconds, minutes, hours and days', () => {
    expect(devEscalationConfigSchema.parse({ dueAfter: '20s', chaseEvery: '90m' })).toMatchObject({ dueAfter: 20_000, chaseEvery: 5_400_000 });
  });
});
