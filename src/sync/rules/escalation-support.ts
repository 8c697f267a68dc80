import type { EscalationRule } from '../../config/sla-schema';
import type { HelpdeskAdapter } from '../../plugin-sdk';

/**
 * Escalation rules a helpdesk cannot carry out: one line per rule and helpdesk, naming what is missing.
 * A rule without `helpdesks` targets every helpdesk.
 */
export function escalationGaps(
  rules: readonly EscalationRule[],
  adapters: ReadonlyMap<string, Pick<HelpdeskAdapter, 'id' | 'plugin' | 'moves' | 'deliver'>>,
): string[] {
  const gaps: string[] = [];
  for (const rule of rules) {
    const targets = rule.helpdesks.length ? rule.helpdesks : [...adapters.keys()];
    for (const id of targets) {
      const adapter = adapters.get(id);
      if (!adapter) {
        gaps.push(`sla.escalations.${rule.name}: no enabled helpdesk "${id}"`);
        continue;
      }
      const missing = [
        ...(rule.toQueue && !(adapter.deliver && adapter.moves?.queue) ? ['move a ticket to another queue'] : []),
        ...(rule.toOwner && !(adapter.deliver && adapter.moves?.owner) ? ["set a ticket's owner"] : []),
      ];
      if (missing.length)
        gaps.push(
          `sla.escalations.${rule.name}: helpdesk "${id}" (${adapter.plugin}) cannot ${missing.join(' or ')}; its tickets will not be escalated`,
        );
    }
  }
  return gaps;
}
