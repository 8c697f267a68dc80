import { InputError, type DevIssue } from '../../plugin-sdk';
import type { DevIssueLink, TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { currentState } from '../mirror/current-state';
import { devIssueFacts } from '../rules/dev-escalation';
import { helpdeskTicketUrl } from '../rules/erp-display';
import { renderTemplate } from '../templates';
import { emitUpdate } from '../shared/emit-update';
import { requireDevEscalation, type DevEscalationWiring } from './wiring';

/** created: a new issue; found: the issue of an earlier run that died before recording it; linked: nothing new. */
export type DevEscalationOutcome = 'created' | 'found' | 'linked';

const NO_FIELDS = { fields: {}, urgency: {} };

/**
 * Escalates a helpdesk ticket to the development tracker, once: the `dev-escalate` job runs it under the ticket
 * lock. A ticket already linked creates nothing; an issue created by a run that died before the link was saved
 * is found again by its external reference (the helpdesk number) instead of being created twice. Then the
 * helpdesk is told (note, customer reply, due date) and the ERP side is left to the next mirror run.
 */
export async function escalateToDev(key: TicketKey, deps: EngineDeps): Promise<DevEscalationOutcome> {
  const w = requireDevEscalation(deps.devEscalation);
  const linked = await w.links.get(key);
  if (linked) {
    await announceCreated(key, linked, deps, w);
    return 'linked';
  }
  const state = await currentState(key, deps);
  if (state?.kind !== 'found')
    throw new InputError(`helpdesk ticket ${key.helpdeskId} #${key.ticketId} is unknown, merged or deleted; nothing to escalate`);
  const ticket = state.snapshot.ticket;
  const erpLink = await deps.links.getTicketLink(key);
  const facts = devIssueFacts(ticket, w.config.helpdesks[key.helpdeskId] ?? NO_FIELDS, {
    erpRef: erpLink?.erpRef,
    helpdeskUrl: helpdeskTicketUrl(deps.ticketUrls?.[key.helpdeskId], ticket),
  });
  const found = await unlinkedIssue(await w.tracker.findByExternalRef(ticket.number), key, w);
  const issue =
    found ??
    (await w.tracker.createIssue({
      title: renderTemplate('dev-issue-title', facts),
      description: renderTemplate('dev-issue-description', facts),
      externalRef: ticket.number,
      urgency: facts.urgency,
    }));
  const now = deps.now();
  const link: DevIssueLink = {
    trackerId: w.tracker.id,
    issueId: issue.id,
    reference: issue.reference,
    url: issue.url,
    helpdeskNumber: ticket.number,
    createdAt: now,
    dueAt: new Date(now.getTime() + w.config.dueAfter),
  };
  await w.links.save(key, link);
  deps.logger.info(found ? 'development issue found again for the ticket' : 'development issue created', {
    ...key,
    trackerId: w.tracker.id,
    issueId: issue.id,
    reference: issue.reference,
  });
  await announceCreated(key, link, deps, w);
  return found ? 'found' : 'created';
}

/**
 * The issue a run that died before linking it left for this ticket: one with its number that no other ticket
 * is linked to (two helpdesks may number tickets alike).
 */
async function unlinkedIssue(candidates: DevIssue[], key: TicketKey, w: DevEscalationWiring): Promise<DevIssue | undefined> {
  for (const issue of candidates) {
    const owner = await w.links.ticketOfIssue(w.tracker.id, issue.id);
    if (!owner || (owner.helpdeskId === key.helpdeskId && owner.ticketId === key.ticketId)) return issue;
  }
  return undefined;
}

/**
 * Tells the helpdesk (internal note, customer reply when configured and possible, due date when possible),
 * plans the due-date check and asks the mirror for the ERP side. Once per issue, however often it is called.
 */
async function announceCreated(key: TicketKey, link: DevIssueLink, deps: EngineDeps, w: DevEscalationWiring): Promise<void> {
  const eventId = `dev_issue.created:${link.trackerId}:${link.issueId}`;
  // The outbox deduplicates the event; the claim keeps "once" after the outbox forgot it.
  if (await deps.once.has('dev-escalation', eventId)) return;
  const adapter = deps.adapters.get(key.helpdeskId);
  const facts = { reference: link.reference, url: link.url };
  await emitUpdate(deps, key, {
    eventId,
    type: 'dev_issue.created',
    data: { trackerId: link.trackerId, issueId: link.issueId, reference: link.reference, url: link.url, dueAt: link.dueAt.toISOString() },
    note: renderTemplate('dev-issue-created-note', facts),
    ...(w.config.replyToCustomer && adapter?.customerReplies ? { reply: renderTemplate('dev-issue-created-reply', facts) } : {}),
    ...(adapter?.reminders ? { remindAt: link.dueAt } : {}),
  });
  await w.planner.plan(key, 'dev-issue-due', link.dueAt);
  await deps.scheduler.mirrorTicket(key);
  await deps.once.claim('dev-escalation', eventId);
}
