import type { DevEscalationConfig } from '../config/dev-escalation-schema';
import { ConfigError } from '../config/load';
import type { DevTrackerAdapter } from '../plugin-sdk';

/**
 * The development tracker dev escalation uses, when `devEscalation.enabled`: it must be one of the configured
 * development trackers and every helpdesk it names an enabled helpdesk, else start-up stops.
 */
export function devEscalationTracker(
  config: DevEscalationConfig,
  trackers: ReadonlyMap<string, DevTrackerAdapter>,
  helpdeskIds: readonly string[],
): DevTrackerAdapter | undefined {
  if (!config.enabled) return undefined;
  const issues: string[] = [];
  const tracker = config.tracker === undefined ? undefined : trackers.get(config.tracker);
  if (!tracker)
    issues.push(
      `devEscalation.tracker: no development tracker "${config.tracker ?? ''}" in devTrackers (configured: ${[...trackers.keys()].join(', ') || 'none'})`,
    );
  for (const id of Object.keys(config.helpdesks)) {
    if (!helpdeskIds.includes(id)) issues.push(`devEscalation.helpdesks.${id}: no enabled helpdesk "${id}"`);
  }
  if (issues.length || !tracker) throw new ConfigError(issues);
  return tracker;
}
