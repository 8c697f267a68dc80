import { type DevTrackerAdapter, type DevTrackerPlugin, formatZodIssues, InputError } from '../plugin-sdk';
import type { DevTrackerInstanceConfig } from '../config/schema';
import { ConfigError } from '../config/load';
import { getLogger } from '../logging/logger';

/**
 * Builds one adapter per enabled development tracker, validating each plugin's settings and secrets; every
 * problem of every tracker is reported at once. The plugins come from the service's wiring (plugins/index.ts).
 */
export function createDevTrackers(
  trackers: Record<string, DevTrackerInstanceConfig>,
  shipped: readonly DevTrackerPlugin<unknown>[],
  now: () => Date = () => new Date(),
): Map<string, DevTrackerAdapter> {
  const plugins = new Map(shipped.map((p) => [p.name, p]));
  const issues: string[] = [];
  const adapters = new Map<string, DevTrackerAdapter>();
  for (const [id, instance] of Object.entries(trackers)) {
    if (!instance.enabled) continue;
    const plugin = plugins.get(instance.plugin);
    if (!plugin) {
      issues.push(
        `devTrackers.${id}.plugin: unknown development tracker plugin "${instance.plugin}" (available: ${[...plugins.keys()].join(', ') || 'none'})`,
      );
      continue;
    }
    const settings = plugin.configSchema.safeParse(instance.settings);
    if (!settings.success) issues.push(...formatZodIssues(settings.error).map((i) => `devTrackers.${id}.settings.${i}`));
    const envPrefix = `TB_DEVTRACKER_${id.toUpperCase().replace(/-/g, '_')}_`;
    const missing = plugin.requiredSecrets.filter((s) => !instance.secrets[s]);
    issues.push(...missing.map((s) => `devTrackers.${id}: secret ${envPrefix}${s.toUpperCase()} is not set in the environment`));
    if (!settings.success || missing.length) continue;
    try {
      adapters.set(
        id,
        plugin.create({ trackerId: id, config: settings.data, secrets: instance.secrets, logger: getLogger(`devtracker.${id}`), now }),
      );
    } catch (err) {
      // A plugin refuses what its schema cannot see (a malformed secret): reported with the other issues.
      if (!(err instanceof InputError)) throw err;
      issues.push(err.message);
    }
  }
  if (issues.length) throw new ConfigError(issues);
  return adapters;
}
