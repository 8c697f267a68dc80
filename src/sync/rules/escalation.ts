import type { EscalationRule } from '../../config/sla-schema';
import type { HelpdeskTicket, StateCategory, TicketMove } from '../../plugin-sdk';
import { addBusinessMs, businessMsBetween, MINUTE_MS, type BusinessCalendar } from './business-calendar';
import type { Timeline } from './state-timeline';

/** Level 1 works a ticket while it is new or open; waiting on the customer or done does not count. */
const WORKED: readonly StateCategory[] = ['new', 'open'];

export type EscalationPlan =
  { kind: 'now'; rule: EscalationRule; reason: string; move: TicketMove } | { kind: 'later'; rule: EscalationRule; at: Date };

const listed = (list: string[], value: string | undefined) => list.length === 0 || (value !== undefined && list.includes(value));

function moveOf(rule: EscalationRule): TicketMove {
  return { ...(rule.toQueue ? { queue: rule.toQueue } : {}), ...(rule.toOwner ? { owner: rule.toOwner } : {}) };
}

/** True when the ticket already is where the rule sends it (escalated by hand, or by an earlier run). */
function alreadyThere(rule: EscalationRule, ticket: HelpdeskTicket): boolean {
  return (!rule.toQueue || ticket.queue === rule.toQueue) && (!rule.toOwner || ticket.owner?.login === rule.toOwner);
}

/**
 * What the escalation rules want for a ticket now: the first rule due escalates it at once; otherwise the
 * earliest instant a time rule will fall due (for a delayed job). Pure: the same ticket, timeline and now
 * give the same answer.
 */
export function planEscalations(
  rules: readonly EscalationRule[],
  ticket: HelpdeskTicket,
  timeline: Timeline,
  calendars: ReadonlyMap<string, BusinessCalendar>,
  now: Date,
): EscalationPlan[] {
  const current = timeline.filter((t) => t.at.getTime() <= now.getTime()).at(-1)?.stateCategory ?? ticket.stateCategory;
  if (!WORKED.includes(current)) return [];
  const plans: EscalationPlan[] = [];
  for (const rule of rules) {
    if (!listed(rule.helpdesks, ticket.helpdeskId) || !listed(rule.queues, ticket.queue) || !listed(rule.owners, ticket.owner?.login)) continue;
    if (alreadyThere(rule, ticket)) continue;
    if (rule.types.includes(ticket.type ?? '') || rule.priorities.includes(ticket.priority ?? '')) {
      const why = rule.types.includes(ticket.type ?? '') ? `type ${ticket.type}` : `priority ${ticket.priority}`;
      plans.push({ kind: 'now', rule, reason: `${why} goes straight to level 2`, move: moveOf(rule) });
      continue;
    }
    if (rule.afterMinutes === undefined) continue;
    const calendar = calendars.get(rule.calendar)!;
    const targetMs = rule.afterMinutes * MINUTE_MS;
    const worked = workedMs(calendar, timeline, now);
    if (worked.ms >= targetMs) {
      plans.push({ kind: 'now', rule, reason: `not resolved after ${rule.afterMinutes} business minutes`, move: moveOf(rule) });
    } else if (worked.runningSince) {
      plans.push({ kind: 'later', rule, at: addBusinessMs(calendar, worked.runningSince, targetMs - worked.before) });
    }
  }
  return plans;
}

function workedMs(calendar: BusinessCalendar, timeline: Timeline, now: Date): { ms: number; before: number; runningSince?: Date } {
  let ms = 0;
  let before = 0;
  let runningSince: Date | undefined;
  timeline.forEach((entry, i) => {
    if (entry.at.getTime() > now.getTime() || !WORKED.includes(entry.stateCategory)) return;
    const to = new Date(Math.min(timeline[i + 1]?.at.getTime() ?? Infinity, now.getTime()));
    before = ms;
    ms += businessMsBetween(calendar, entry.at, to);
    runningSince = timeline[i + 1] && timeline[i + 1]!.at.getTime() <= now.getTime() ? undefined : entry.at;
  });
  return { ms, before, runningSince };
}

/** The rule's note with its placeholders filled in. */
export function escalationNote(rule: EscalationRule, reason: string): string {
  return rule.note.replace(/\{\{\s*reason\s*\}\}/g, reason).replace(/\{\{\s*minutes\s*\}\}/g, String(rule.afterMinutes ?? 0));
}
