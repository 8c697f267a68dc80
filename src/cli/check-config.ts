import type { AppConfig } from '../config/schema';
import type { DevTrackerPlugin, HelpdeskPlugin } from '../plugin-sdk';
import { maskedConfig } from '../config/mask';
import { DolibarrClient, checkDolibarr } from '../erp/dolibarr';
import { checkMappingAgainstErp } from '../sync/operations/check-mapping';
import { createAdapters } from '../helpdesk/registry';
import { createDevTrackers } from '../devtracker/registry';
import { devEscalationProblems } from '../jobs/dev-escalation';
import { checkConfiguredObjects } from '../sync/rules/configured-objects';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Prints the effective configuration with secrets masked, then checks Dolibarr. Returns the exit code. */
export async function checkConfigCommand(
  config: AppConfig,
  plugins: readonly HelpdeskPlugin<unknown>[],
  devTrackers: readonly DevTrackerPlugin<unknown>[] = [],
): Promise<number> {
  out('Effective configuration (secrets masked):');
  out(JSON.stringify(maskedConfig(config), null, 2));
  let problems = 0;
  try {
    createAdapters(config.helpdesks, plugins);
    out(
      `OK   helpdesks: ${
        Object.keys(config.helpdesks)
          .filter((id) => config.helpdesks[id].enabled)
          .join(', ') || '(none)'
      }`,
    );
  } catch (err) {
    problems += 1;
    out(`FAIL helpdesks: ${(err as Error).message}`);
  }
  problems += await checkDevTrackers(config, devTrackers);
  const escalation = devEscalationProblems(config);
  for (const p of escalation) out(`FAIL ${p}`);
  if (escalation.length) problems += 1;
  else if (config.devEscalation.enabled) out(`OK   dev escalation to ${config.devEscalation.tracker}`);
  const erp = new DolibarrClient({ ...config.dolibarr, maxRetries: 0 });
  const report = await checkDolibarr(erp);
  for (const line of report.lines) out(line);
  if (!report.ok) problems += 1;
  if (report.reachable && report.keyValid) {
    try {
      const mapping = await checkMappingAgainstErp(config.mapping, erp);
      if (mapping.length) {
        problems += 1;
        for (const p of mapping) out(`FAIL ${p}`);
      } else out('OK   mappings match the Dolibarr ticket dictionaries');
    } catch (err) {
      problems += 1;
      out(`FAIL mappings could not be checked: ${(err as Error).message}`);
    }
    try {
      const { problems: missing, notices } = await checkConfiguredObjects(config, erp);
      if (missing.length) {
        problems += 1;
        for (const p of missing) out(`FAIL ${p}`);
      } else out('OK   every product, service, user and third party the configuration names exists in Dolibarr');
      for (const n of notices) out(`NOTE ${n}`);
    } catch (err) {
      problems += 1;
      out(`FAIL configured Dolibarr objects could not be checked: ${(err as Error).message}`);
    }
  }
  out(problems ? `${problems} problem(s) found.` : 'All checks passed.');
  return problems ? 1 : 0;
}

/** Each enabled development tracker: settings and secrets, then its ping (user, project, statuses). */
async function checkDevTrackers(config: AppConfig, shipped: readonly DevTrackerPlugin<unknown>[]): Promise<number> {
  if (!Object.values(config.devTrackers).some((t) => t.enabled)) return 0;
  let trackers;
  try {
    trackers = createDevTrackers(config.devTrackers, shipped);
  } catch (err) {
    out(`FAIL development trackers: ${(err as Error).message}`);
    return 1;
  }
  let problems = 0;
  for (const tracker of trackers.values()) {
    try {
      await tracker.ping?.();
      out(`OK   development tracker ${tracker.id} (${tracker.plugin}) reachable`);
    } catch (err) {
      problems += 1;
      out(`FAIL development tracker ${tracker.id} (${tracker.plugin}): ${(err as Error).message}`);
    }
  }
  return problems;
}
