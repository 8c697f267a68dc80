import type { Server } from 'node:http';
import type Redis from 'ioredis';
import type { AppConfig } from './config/schema';
import { registerSecret } from './logging/redact';
import { configureLogging, getLogger } from './logging/logger';
import { createRedis, KeySpace, RedisCursorStore, RedisEchoMarkers, RedisLinkStore, RedisOnceStore, RedisSnapshotStore, TicketLocks } from './store';
import { RedisOutbox } from './store/outbox-store';
import { DolibarrClient } from './erp/dolibarr';
import { createAdapters } from './helpdesk/registry';
import type { HelpdeskAdapter } from './helpdesk/plugin';
import { JobQueues, JobAdmin, startWorkers, applyPollSchedules, type JobWorkers } from './jobs';
import { queueScheduler } from './jobs/scheduler';
import { createIntake } from './jobs/intake';
import { createHandlers } from './jobs/handlers';
import { createApp } from './http/app';
import type { AdminService, ReadinessReport } from './http/ports';
import type { EngineDeps } from './sync/engine/deps';
import { buildRules } from './sync/engine/rules-wiring';
import { queueDashboard } from './http/queue-dashboard';
import { checkMappingAgainstErp } from './sync/engine/check-mapping';
import { ConfigError } from './config/load';
import { isIntegrationError } from './errors';
import { checkTemplates, configureTemplates } from './sync/templates';

export interface Service {
  server: Server;
  engine: EngineDeps;
  queues: JobQueues;
  port: number;
  close(): Promise<void>;
}

/** Everything that talks to Redis, Dolibarr and the helpdesks, built from the configuration. */
export interface Runtime {
  config: AppConfig;
  redis: Redis;
  queueRedis: Redis;
  keys: KeySpace;
  erp: DolibarrClient;
  adapters: Map<string, HelpdeskAdapter>;
  queues: JobQueues;
  engine: EngineDeps;
  close(): Promise<void>;
}

function registerSecrets(config: AppConfig): void {
  registerSecret(config.dolibarr.apiKey);
  registerSecret(config.admin.token);
  registerSecret(config.dolibarrWebhook.token);
  for (const h of Object.values(config.helpdesks)) for (const v of Object.values(h.secrets)) registerSecret(v);
}

export function createRuntime(config: AppConfig): Runtime {
  registerSecrets(config);
  configureLogging({ level: config.log.level });
  checkTemplates(configureTemplates({ overrideDir: config.templatesDir }));
  const redis = createRedis(config.redis.url, { connectionName: 'ticketbridge-store' });
  const queueRedis = createRedis(config.redis.url, { forQueues: true, connectionName: 'ticketbridge-queues' });
  const keys = new KeySpace(config.redis.prefix);
  const erp = new DolibarrClient(config.dolibarr, { logger: getLogger('dolibarr') });
  const adapters = createAdapters(config.helpdesks);
  const retryDefaults = { attempts: config.sync.jobAttempts, backoffMs: config.sync.backoffMs };
  const queues = new JobQueues({ connection: queueRedis, prefix: keys.queuePrefix, coalesceMs: config.sync.coalesceMs, retryDefaults });
  const base = {
    erp,
    links: new RedisLinkStore(redis, keys),
    cursors: new RedisCursorStore(redis, keys),
    echo: new RedisEchoMarkers(redis, keys),
    once: new RedisOnceStore(redis, keys),
    snapshots: new RedisSnapshotStore(redis, keys),
    outbox: new RedisOutbox(redis, keys),
    scheduler: queueScheduler(queues),
    adapters,
    mapping: config.mapping,
    sync: config.sync,
    rules: config.rules,
    logger: getLogger('sync'),
    now: () => new Date(),
  };
  const engine: EngineDeps = { ...base, ...buildRules(base, redis, keys) };
  return {
    config,
    redis,
    queueRedis,
    keys,
    erp,
    adapters,
    queues,
    engine,
    async close() {
      await queues.close();
      await Promise.all([...adapters.values()].map((a) => a.close?.()));
      await Promise.all([redis.quit(), queueRedis.quit()]);
    },
  };
}

async function readiness(rt: Runtime): Promise<ReadinessReport> {
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
  ]);
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

function adminService(rt: Runtime): AdminService {
  const jobs = new JobAdmin(rt.queues);
  return {
    listFailed: (limit) => jobs.listFailed(undefined, limit),
    replay: async (selector) => ({ replayed: (await jobs.replayFailed(selector)).map((j) => j.id) }),
    raiseQuote: async ({ source, ticketId, requestId, hours }) => {
      if (!rt.adapters.has(source)) throw new ConfigError([`unknown helpdesk "${source}"`]);
      if (hours !== undefined) await rt.engine.cursors.setCursor(`quote-hours:${source}:${ticketId}:${requestId}`, String(hours));
      const job = await rt.queues.enqueue('raise-quote', { source, ticketId, requestId });
      return { jobId: job.id };
    },
    queueCounts: async () => {
      const out: Record<string, Record<string, number>> = {};
      for (const [name, q] of Object.entries(rt.queues.queues)) out[name] = await q.getJobCounts();
      return out;
    },
  };
}

/** Start-up check of the mappings against the live dictionaries; an unreachable ERP only delays it. */
async function checkMappings(rt: Runtime): Promise<void> {
  const log = getLogger('startup');
  try {
    const problems = await checkMappingAgainstErp(rt.config.mapping, rt.erp);
    if (problems.length) throw new ConfigError(problems);
    log.info('mappings match the Dolibarr dictionaries');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    if (isIntegrationError(err) && (err.kind === 'auth' || err.kind === 'forbidden')) throw err;
    log.warn('Dolibarr not reachable at start-up; mappings will be checked by `ticketbridge check-config`', { error: err });
  }
}

export async function startService(config: AppConfig): Promise<Service> {
  const log = getLogger('service');
  const rt = createRuntime(config);
  let workers: JobWorkers | undefined;
  try {
    await checkMappings(rt);
    workers = startWorkers({
      connection: rt.queueRedis,
      prefix: rt.keys.queuePrefix,
      handlers: createHandlers(rt.engine),
      concurrency: config.sync.workerConcurrency,
      locks: new TicketLocks(rt.redis, rt.keys),
      logger: getLogger('jobs'),
      // The per-ticket lock of a crashed worker must expire no later than its job is taken up again.
      lockTtlMs: config.sync.jobLockMs,
      jobLockDurationMs: config.sync.jobLockMs,
      stalledIntervalMs: config.sync.jobLockMs,
    });
    const helpdeskPolls = Object.fromEntries([...rt.adapters.values()].filter((a) => a.listChanges).map((a) => [a.id, config.sync.helpdeskPollSeconds]));
    await applyPollSchedules(rt.queues, {
      helpdesks: helpdeskPolls,
      erpSeconds: config.sync.erpPollSeconds,
      retryDefaults: { attempts: config.sync.jobAttempts, backoffMs: config.sync.backoffMs },
    });
  } catch (err) {
    await workers?.close();
    await rt.close();
    throw err;
  }
  const app = createApp({
    adapters: rt.adapters,
    intake: createIntake({ snapshots: rt.engine.snapshots, once: rt.engine.once, scheduler: rt.engine.scheduler }),
    readiness: () => readiness(rt),
    admin: adminService(rt),
    adminToken: config.admin.token,
    dolibarrWebhookToken: config.dolibarrWebhook.token,
    ownCaller: config.dolibarr.caller,
    queueDashboard: queueDashboard(rt.queues),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.server.port, config.server.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  log.info('TicketBridge listening', { host: config.server.host, port, helpdesks: [...rt.adapters.keys()] });
  let closing: Promise<void> | undefined;
  return {
    server,
    engine: rt.engine,
    queues: rt.queues,
    port,
    close() {
      closing ??= (async () => {
        log.info('shutting down: no new requests, finishing running jobs');
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await workers?.close();
        await rt.close();
        log.info('stopped');
      })();
      return closing;
    },
  };
}
