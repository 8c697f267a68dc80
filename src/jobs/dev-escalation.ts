import type { AppConfig } from '../config/schema';
import { ConfigError } from '../config/load';
import type { DevTrackerAdapter } from '../plugin-sdk';

/**
 * What is wrong with `devEscalation` when enabled: its tracker must be an enabled development tracker and every
 * helpdesk it names an enabled helpdesk. Start-up and check-config both ask.
 */
export function devEscalationProblems(config: Pick<AppConfig, 'devEscalation' | 'devTrackers' | 'helpdesks'>): string[] {
  const { devEscalation } = config;
  if (!devEscalation.enabled) return [];
  const problems: string[] = [];
  const trackers = Object.keys(config.devTrackers).filter((id) => config.devTrackers[id]!.enabled);
  if (devEscalation.tracker === undefined || !trackers.includes(devEscalation.tracker))
    problems.push(
      `devEscalation.tracker: no enabled development tracker "${devEscalation.tracker ?? ''}" in devTrackers (configured: ${trackers.join(', ') || 'none'})`,
    );
  for (const id of Object.keys(devEscalation.helpdesks)) {
    if (!config.helpdesks[id]?.enabled) problems.push(`devEscalation.helpdesks.${id}: no enabled helpdesk "${id}"`);
  }
  return problems;
}

/** The development tracker dev escalation uses (undefined while it is off); a problem stops start-up. */
export function devEscalationTracker(
  config: Pick<AppConfig, 'devEscalation' | 'devTrackers' | 'helpdesks'>,
  trackers: ReadonlyMap<string, DevTrackerAdapter>,
): DevTrackerAdapter | undefined {
  const problems = devEscalationProblems(config);
  if (problems.length) throw new ConfigError(problems);
  return config.devEscalation.enabled ? trackers.get(config.devEscalation.tracker!) : undefined;
}
