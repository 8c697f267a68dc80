import { type HelpdeskPlugin, type HelpdeskAdapter, formatZodIssues, InputError } from '../plugin-sdk';
import type { HelpdeskInstanceConfig } from '../config/schema';
import { ConfigError } from '../config/load';
import { getLogger } from '../logging/logger';

/**
 * Builds one adapter per enabled helpdesk, validating each plugin's settings and
 * secrets; every problem of every helpdesk is reported at once. The plugins come from the
 * service's wiring (plugins/index.ts), so this module knows none of them.
 */
export function createAdapters(
  helpdesks: Record<string, HelpdeskInstanceConfig>,
  shipped: readonly HelpdeskPlugin<unknown>[],
  now: () => Date = () => new Date(),
): Map<string, HelpdeskAdapter> {
  const plugins = new Map(shipped.map((p) => [p.name, p]));
  const issues: string[] = [];
  const adapters = new Map<string, HelpdeskAdapter>();
  for (const [id, instance] of Object.entries(helpdesks)) {
    if (!instance.enabled) continue;
    const plugin = plugins.get(instance.plugin);
    if (!plugin) {
      issues.push(`helpdesks.${id}.plugin: unknown plugin "${instance.plugin}" (available: ${[...plugins.keys()].join(', ')})`);
      continue;
    }
    const settings = plugin.configSchema.safeParse(instance.settings);
    if (!settings.success) issues.push(...formatZodIssues(settings.error).map((i) => `helpdesks.${id}.settings.${i}`));
    const envPrefix = `TB_HELPDESK_${id.toUpperCase().replace(/-/g, '_')}_`;
    for (const secret of plugin.requiredSecrets) {
      if (!instance.secrets[secret]) issues.push(`helpdesks.${id}: secret ${envPrefix}${secret.toUpperCase()} is not set in the environment`);
    }
    if (settings.success && issues.length === 0) {
      try {
        adapters.set(
          id,
          plugin.create({ helpdeskId: id, config: settings.data, secrets: instance.secrets, logger: getLogger(`helpdesk.${id}`), now }),
        );
      } catch (err) {
        // A plugin refuses what its schema cannot see (a secret too short): reported with the other issues.
        if (!(err instanceof InputError)) throw err;
        issues.push(err.message);
      }
    }
  }
  if (issues.length) throw new ConfigError(issues);
  return adapters;
}
