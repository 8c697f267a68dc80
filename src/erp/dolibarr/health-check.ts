import { AuthError, ConnectionError, ForbiddenError, TimeoutError } from '../../plugin-sdk';
import type { DolibarrApi } from './api';

const REQUIRED_MODULES = ['api', 'ticket', 'societe', 'contrat', 'ficheinter', 'propal', 'facture', 'agenda'] as const;
const RECOMMENDED_MODULES = ['webhook'] as const;

export interface DolibarrHealthReport {
  ok: boolean;
  reachable: boolean;
  keyValid: boolean;
  version: string | null;
  missingRequired: string[];
  missingRecommended: string[];
  /** Modules whose state the key could not check. */
  unverified: string[];
  /** Human-readable "OK   ..." / "WARN ..." / "FAIL ..." lines for check-config. */
  lines: string[];
}

/** Used by `ticketbridge check-config` and /readyz: can the bridge work with this Dolibarr and key? */
export async function checkDolibarr(api: Pick<DolibarrApi, 'status' | 'enabledModules'>): Promise<DolibarrHealthReport> {
  const report: DolibarrHealthReport = {
    ok: false,
    reachable: false,
    keyValid: false,
    version: null,
    missingRequired: [],
    missingRecommended: [],
    unverified: [],
    lines: [],
  };
  try {
    const status = await api.status();
    report.reachable = true;
    report.version = status.version;
    report.lines.push(`OK   Dolibarr reachable, version ${status.version}${status.accessLocked ? ' (access locked)' : ''}`);
  } catch (err) {
    if (err instanceof ConnectionError || err instanceof TimeoutError) {
      report.lines.push(`FAIL Dolibarr not reachable: ${err.message}`);
      return report;
    }
    // /status may need a key on some setups: an auth error still proves the server answers.
    if (!(err instanceof AuthError || err instanceof ForbiddenError)) {
      report.lines.push(`FAIL Dolibarr status: ${(err as Error).message}`);
      return report;
    }
    report.reachable = true;
  }
  let modules;
  try {
    modules = await api.enabledModules();
  } catch (err) {
    report.lines.push(
      err instanceof AuthError ? `FAIL Dolibarr API key rejected: ${err.message}` : `FAIL Dolibarr modules: ${(err as Error).message}`,
    );
    return report;
  }
  report.keyValid = true;
  report.lines.push('OK   Dolibarr API key accepted');
  report.unverified = modules.unverified ?? [];
  const enabled = new Set(modules.enabled.map((m) => m.toLowerCase()));
  report.missingRequired = REQUIRED_MODULES.filter((m) => !enabled.has(m));
  report.missingRecommended = RECOMMENDED_MODULES.filter((m) => !enabled.has(m) && !report.unverified.includes(m));
  for (const m of report.missingRequired)
    report.lines.push(`FAIL Dolibarr module "${m}" is required but not enabled (or the API user lacks its rights)`);
  for (const m of report.missingRecommended)
    report.lines.push(`WARN Dolibarr module "${m}" is recommended (ERP changes then arrive only by polling)`);
  for (const m of report.unverified) report.lines.push(`WARN Dolibarr module "${m}" could not be checked with this key (not an admin)`);
  if (!report.missingRequired.length) report.lines.push('OK   Dolibarr required modules enabled');
  report.ok = report.missingRequired.length === 0;
  return report;
}
