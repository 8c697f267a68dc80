import type { HelpdeskPlugin, HelpdeskAdapter } from './plugin';
import type { HelpdeskInstanceConfig } from '../config/schema';
import { formatZodIssues } from '../errors/input-error';
import { ConfigError } from '../config/load';
import { getLogger } from '../logging/logger';
import { webhookPlugin } from '../../plugins/webhook';
import { znunyPlugin } from '../../plugins/znuny';
import { rtPlugin } from '../../plugins/rt';
import { jsmPlugin } from '../../plugins/jsm';

/** The plugins this build ships; configuration picks them by name. */
export const PLUGINS: ReadonlyMap<string, HelpdeskPlugin<unknown>> = new Map<string, HelpdeskPlugin<unknown>>(
  [webhookPlugin, znunyPlugin, rtPlugin, jsmPlugin].map((p) => [p.name, p as HelpdeskPlugin<unknown>]),
);

/**
 * Builds one adapter per enabled helpdesk, validating each plugin's settings and
 * secrets; every problem of every helpdesk is reported at once.
 */
export function createAdapters(
  helpdesks: Record<string, HelpdeskInstanceConfig>,
  now: () => Date = () => new Date(),
  plugins: ReadonlyMap<string, HelpdeskPlugin<unknown>> = PLUGINS,
): Map<string, HelpdeskAdapter> {
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
      adapters.set(id, plugin.create({ instanceId: id, config: settings.data, secrets: instance.secrets, logger: getLogger(`helpdesk.${id}`), now }));
    }
  }
  if (issues.length) throw new ConfigError(issues);
  return adapters;
}
