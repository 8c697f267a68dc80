import type { Runtime } from './runtime';
import type { AdminService, ReadinessReport } from './http/ports';
import { JobAdmin } from './jobs';
import { getLogger } from './logging/logger';
import { checkMappingAgainstErp } from './sync/operations/check-mapping';
import { ConfigError } from './config/load';
import { InputError, isIntegrationError } from './plugin-sdk';
import { checkConfiguredObjects } from './sync/rules/configured-objects';

/** /readyz: Redis, Dolibarr and every helpdesk and development tracker that can be pinged, each named with what failed. */
export async function readiness(rt: Runtime): Promise<ReadinessReport> {
  const checks: ReadinessReport['checks'] = {};
  const probe = async (name: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      checks[name] = { ok: true };
    } catch (err) {
      checks[name] = { ok: false, detail: err instanceof Error ? err.message : String(err) };
    }
  };
  await Promise.all([
    probe('redis', () => rt.redis.ping()),
    probe('dolibarr', () => rt.erp.status()),
    ...[...rt.adapters.values()].filter((a) => a.ping).map((a) => probe(`helpdesk:${a.id}`, () => a.ping!())),
    ...[...rt.devTrackers.values()].filter((t) => t.ping).map((t) => probe(`devtracker:${t.id}`, () => t.ping!())),
  ]);
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

/** The admin API's operations on the running service's queues. */
export function adminService(rt: Runtime): AdminService {
  const jobs = new JobAdmin(rt.queues);
  return {
    listFailed: (limit) => jobs.listFailed(undefined, limit),
    replay: async (selector) => ({ replayed: (await jobs.replayFailed(selector)).map((j) => j.id) }),
    raiseQuote: async ({ helpdeskId, ticketId, requestId, hours }) => {
      if (!rt.adapters.has(helpdeskId)) throw new ConfigError([`unknown helpdesk "${helpdeskId}"`]);
      const job = await rt.queues.enqueue('raise-quote', { helpdeskId, ticketId, requestId, hours });
      return { jobId: job.id };
    },
    escalateToDev: async ({ helpdeskId, ticketId }) => {
      if (!rt.adapters.has(helpdeskId)) throw new InputError(`unknown helpdesk "${helpdeskId}"`);
      if (!rt.engine.devEscalation) throw new InputError('dev escalation is not enabled (devEscalation.enabled)');
      const job = await rt.queues.enqueue('dev-escalate', { helpdeskId, ticketId });
      return { jobId: job.id };
    },
    queueCounts: async () => {
      const out: Record<string, Record<string, number>> = {};
      for (const [name, q] of Object.entries(rt.queues.queues)) out[name] = await q.getJobCounts();
      return out;
    },
  };
}

export /** Start-up check of the mappings against the live dictionaries; an unreachable ERP only delays it. */
async function checkMappings(rt: Runtime): Promise<boolean> {
  const log = getLogger('startup');
  try {
    const fromFile = new Set(await checkMappingAgainstErp(rt.config.mapping, rt.erp));
    // An entry saved on the admin page is not in any file: say where to change it.
    const problems = (await checkMappingAgainstErp(rt.mapping.current, rt.erp)).map((p) =>
      fromFile.has(p) ? p : `${p} (saved on the admin page /admin/dictionaries)`,
    );
    if (problems.length) throw new ConfigError(problems);
    log.info('mappings match the Dolibarr dictionaries');
    return true;
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if (isIntegrationError(err) && (err.kind === 'auth' || err.kind === 'forbidden')) throw err;
    log.warn('Dolibarr not reachable at start-up; mappings will be checked by `ticketbridge check-config`', { error: err });
    return false;
  }
}

/**
 * Start-up check of the products and services the rules name. A missing one is logged as an error naming the key
 * but does not stop the service: tickets still mirror; only quotes, billing or contract coverage need it.
 */
export async function checkConfiguredProducts(rt: Runtime): Promise<void> {
  const log = getLogger('startup');
  try {
    const { problems, notices } = await checkConfiguredObjects(rt.config, rt.erp);
    for (const problem of problems) log.error(`configuration names a Dolibarr object that does not exist: ${problem}`, { problem });
    for (const notice of notices) log.warn(notice, { notice });
    if (!problems.length) log.info('every product, service, user and third party the configuration names exists in Dolibarr');
  } catch (err) {
    log.warn('Dolibarr not reachable at start-up; configured products will be checked by `ticketbridge check-config`', { error: err });
  }
}
