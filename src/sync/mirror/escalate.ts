import type { EscalationRule } from '../../config/sla-schema';
import type { BusinessCalendar } from '../rules/business-calendar';
import { escalationNote, planEscalations } from '../rules/escalation';
import type { DeadlinePlanner } from '../ports';
import type { Timeline } from '../rules/state-timeline';
import type { EngineDeps } from '../shared/deps';
import type { MirrorContext } from './mirror-context';
import { emitUpdate } from '../shared/emit-update';

export interface EscalationWiring {
  rules: readonly EscalationRule[];
  calendars: ReadonlyMap<string, BusinessCalendar>;
  planner: DeadlinePlanner;
}

/**
 * Moves a ticket to level 2 when a rule says so (once per rule and ticket), with the rule's note, through
 * the outbound updates; otherwise plans the instant the next time rule falls due.
 */
export async function escalate(ctx: MirrorContext, deps: EngineDeps, w: EscalationWiring, timeline: Timeline, now: Date): Promise<void> {
  const adapter = deps.adapters.get(ctx.key.helpdeskId);
  const plans = w.rules.length && adapter?.moves ? planEscalations(w.rules, ctx.snapshot.ticket, timeline, w.calendars, now) : [];
  const due = plans.find((p) => p.kind === 'now');
  if (due?.kind === 'now') {
    const eventId = `ticket.escalated:${ctx.key.helpdeskId}:${ctx.key.ticketId}:${due.rule.name}`;
    // The outbox deduplicates the event; the claim keeps "once" after the outbox forgot it.
    if (!(await deps.once.has('escalation', eventId))) {
      await emitUpdate(deps, ctx.key, {
        eventId,
        type: 'ticket.escalated',
        data: { rule: due.rule.name, reason: due.reason, ...due.move, erpRef: ctx.link.erpRef },
        note: escalationNote(due.rule, due.reason),
        move: due.move,
      });
      await deps.once.claim('escalation', eventId);
      deps.logger.info('ticket escalated', { ...ctx.key, rule: due.rule.name, reason: due.reason, ...due.move });
    }
  }
  const later = plans.flatMap((p) => (p.kind === 'later' ? [p.at] : [])).sort((a, b) => a.getTime() - b.getTime())[0];
  await w.planner.plan(ctx.key, 'escalation', due ? null : (later ?? null));
}
