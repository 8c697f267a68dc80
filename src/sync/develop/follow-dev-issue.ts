import type { DevIssue } from '../../plugin-sdk';
import type { DevIssueLink, TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { nextReminder } from '../rules/dev-escalation';
import { renderTemplate } from '../templates';
import { emitUpdate } from '../shared/emit-update';
import { requireDevEscalation, type DevEscalationWiring } from './wiring';

/** done: the end was reported now; reminded: the agent was asked to chase; waiting: not due yet; none: nothing to follow. */
export type DevIssueCheck = 'done' | 'reminded' | 'waiting' | 'none';

/**
 * Follows a ticket's development issue (the `dev-issue-check` job: a change the tracker poll saw, or the due
 * date come): once done or cancelled, the helpdesk hears it once (note, reopened when `onDone` says so, the
 * customer told of a fix); while open past the due date, the agent is asked to chase it once per period.
 */
export async function checkDevIssue(key: TicketKey, deps: EngineDeps): Promise<DevIssueCheck> {
  const w = requireDevEscalation(deps.devEscalation);
  const link = await w.links.get(key);
  if (!link || link.doneAt) return 'none';
  const issue = await w.tracker.getIssue(link.issueId);
  if (!issue) {
    deps.logger.warn('development issue no longer visible in the tracker; no longer followed', {
      ...key,
      trackerId: link.trackerId,
      issueId: link.issueId,
    });
    await w.planner.plan(key, 'dev-issue-due', null);
    return 'none';
  }
  if (issue.category === 'done' || issue.category === 'cancelled') {
    await reportDone(key, link, issue, deps, w);
    return 'done';
  }
  const now = deps.now();
  const next = nextReminder(link.dueAt, w.config.chaseEvery, now);
  if (now.getTime() < link.dueAt.getTime()) {
    await w.planner.plan(key, 'dev-issue-due', link.dueAt);
    return 'waiting';
  }
  await remind(key, link, issue, new Date(next.getTime() - w.config.chaseEvery), next, deps, w);
  await w.planner.plan(key, 'dev-issue-due', next);
  return 'reminded';
}

/** The reminder of the period that started at `periodStart`; a check later in the same period sends nothing. */
async function remind(
  key: TicketKey,
  link: DevIssueLink,
  issue: DevIssue,
  periodStart: Date,
  next: Date,
  deps: EngineDeps,
  w: DevEscalationWiring,
): Promise<void> {
  const eventId = `dev_issue.overdue:${link.trackerId}:${link.issueId}:${periodStart.getTime()}`;
  if (await deps.once.has('dev-escalation', eventId)) return;
  const adapter = deps.adapters.get(key.helpdeskId);
  await emitUpdate(deps, key, {
    eventId,
    type: 'dev_issue.overdue',
    data: { trackerId: link.trackerId, issueId: link.issueId, reference: link.reference, status: issue.status, dueAt: link.dueAt.toISOString() },
    note: renderTemplate('dev-issue-overdue-note', { reference: link.reference, url: link.url, status: issue.status }),
    ...(adapter?.reminders ? { remindAt: next } : {}),
  });
  // The developers hear it too: a team note on the issue, once per reminder even when this run is retried.
  const trackerNote = `${eventId}:tracker-note`;
  if (!(await deps.once.has('dev-escalation', trackerNote))) {
    await w.tracker.addNote(link.issueId, renderTemplate('dev-issue-overdue-tracker-note', { helpdeskNumber: link.helpdeskNumber }), 'team');
    await deps.once.claim('dev-escalation', trackerNote);
  }
  await w.links.save(key, { ...link, remindedAt: deps.now() });
  await deps.once.claim('dev-escalation', eventId);
  deps.logger.info('development issue overdue; agent asked to chase it', { ...key, reference: link.reference, status: issue.status });
}

async function reportDone(key: TicketKey, link: DevIssueLink, issue: DevIssue, deps: EngineDeps, w: DevEscalationWiring): Promise<void> {
  const cancelled = issue.category === 'cancelled';
  const facts = { reference: link.reference, url: link.url, status: issue.status, cancelled };
  const adapter = deps.adapters.get(key.helpdeskId);
  await emitUpdate(deps, key, {
    eventId: `dev_issue.done:${link.trackerId}:${link.issueId}`,
    type: 'dev_issue.done',
    data: { trackerId: link.trackerId, issueId: link.issueId, reference: link.reference, status: issue.status, category: issue.category },
    note: renderTemplate('dev-issue-done-note', facts),
    ...(w.config.onDone === 'reopen' ? { state: 'open' as const } : {}),
    // A cancelled issue fixed nothing: the agent, not a template, tells the customer what happens next.
    ...(!cancelled && w.config.replyToCustomer && adapter?.customerReplies ? { reply: renderTemplate('dev-issue-done-reply', facts) } : {}),
  });
  await w.links.save(key, { ...link, doneAt: deps.now(), doneCategory: cancelled ? 'cancelled' : 'done' });
  await w.planner.plan(key, 'dev-issue-due', null);
  await deps.scheduler.mirrorTicket(key);
  deps.logger.info('development issue finished; helpdesk told', {
    ...key,
    reference: link.reference,
    status: issue.status,
    category: issue.category,
  });
}
