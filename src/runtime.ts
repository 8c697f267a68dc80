import type Redis from 'ioredis';
import type { AppConfig } from './config/schema';
import { registerSecret, type DevTrackerAdapter, type DevTrackerPlugin, type HelpdeskAdapter, type HelpdeskPlugin } from './plugin-sdk';
import { configureLogging, getLogger } from './logging/logger';
import {
  createRedis,
  KeySpace,
  RedisAccountCaches,
  RedisDevIssueLinkStore,
  RedisDurationMemory,
  RedisErpStatusMemory,
  RedisErpTicketMemory,
  RedisHelpdeskStateMemory,
  RedisLastNoteMemory,
  RedisPollCursors,
  RedisEchoMarkers,
  RedisLinkStore,
  RedisOnceStore,
  RedisSnapshotStore,
} from './store';
import { RedisOutbox } from './store/outbox-store';
import { RedisActivityStore } from './store/activity-store';
import { LiveMapping, RedisMappingOverrides } from './store/mapping-overrides';
import { DolibarrClient } from './erp/dolibarr';
import { createAdapters } from './helpdesk/registry';
import { createDevTrackers } from './devtracker/registry';
import { JobQueues } from './jobs';
import { queueScheduler } from './jobs/scheduler';
import { QueueDeadlinePlanner } from './jobs/deadline-planner';
import type { EngineDeps } from './sync/shared/deps';
import { buildRules } from './jobs/support-rules';
import { checkTemplates, configureTemplates } from './sync/templates';
import { dolibarrCallLimit, recordDolibarrCall, recordDolibarrLimit } from './http/metrics';
import { devEscalationTracker } from './jobs/dev-escalation';
import { devEscalationStep } from './sync/mirror/dev-escalation-step';
import { errorForLog } from './jobs/error-log';
import { createErpFileLinks, type ErpFileLinks } from './http/erp-file-links';

/** Everything that talks to Redis, Dolibarr and the helpdesks, built from the configuration. */
export interface Runtime {
  config: AppConfig;
  redis: Redis;
  queueRedis: Redis;
  keys: KeySpace;
  erp: DolibarrClient;
  adapters: Map<string, HelpdeskAdapter>;
  /** The enabled development trackers (ProjeQtor, ...), by id in `devTrackers`. */
  devTrackers: Map<string, DevTrackerAdapter>;
  queues: JobQueues;
  engine: EngineDeps;
  /** The configured mapping with the admin page's overrides; the engine reads its current value. */
  mapping: LiveMapping;
  mappingOverrides: RedisMappingOverrides;
  activity: RedisActivityStore;
  /** Signed links to ERP documents; absent without `server.publicUrl` and FILE_LINK_SECRET. */
  fileLinks?: ErpFileLinks;
  close(): Promise<void>;
}

function registerSecrets(config: AppConfig): void {
  registerSecret(config.dolibarr.apiKey);
  registerSecret(config.redis.password);
  registerSecret(config.redis.sentinelPassword);
  registerSecret(config.admin.token);
  registerSecret(config.dolibarrWebhook.token);
  registerSecret(config.sync.attachments.links.secret);
  for (const h of Object.values(config.helpdesks)) for (const v of Object.values(h.secrets)) registerSecret(v);
  for (const t of Object.values(config.devTrackers)) for (const v of Object.values(t.secrets)) registerSecret(v);
}

/** Builds every connection and the engine from the configuration; commands and the service share it. */
export function createRuntime(
  config: AppConfig,
  plugins: readonly HelpdeskPlugin<unknown>[],
  devTrackers: readonly DevTrackerPlugin<unknown>[] = [],
): Runtime {
  registerSecrets(config);
  configureLogging({ level: config.log.level });
  checkTemplates(configureTemplates({ overrideDir: config.templatesDir }));
  const redis = createRedis(config.redis, { connectionName: 'ticketbridge-store', autoPipelining: true });
  const queueRedis = createRedis(config.redis, { forQueues: true, connectionName: 'ticketbridge-queues' });
  const keys = new KeySpace(config.redis.prefix);
  dolibarrCallLimit.set(config.dolibarr.concurrency);
  const erp = new DolibarrClient(config.dolibarr, { logger: getLogger('dolibarr'), onLimitChange: recordDolibarrLimit, onCall: recordDolibarrCall });
  const adapters = createAdapters(config.helpdesks, plugins);
  const trackers = createDevTrackers(config.devTrackers, devTrackers);
  const devTracker = devEscalationTracker(config, trackers);
  const retryDefaults = { attempts: config.sync.jobAttempts, backoffMs: config.sync.backoffMs };
  const mappingOverrides = new RedisMappingOverrides(redis, keys);
  const mapping = new LiveMapping(config.mapping, mappingOverrides, getLogger('mapping'));
  const queues = new JobQueues({ connection: queueRedis, prefix: keys.queuePrefix, coalesceMs: config.sync.coalesceMs, retryDefaults });
  const base = {
    erp,
    links: new RedisLinkStore(redis, keys),
    pollCursors: new RedisPollCursors(redis, keys),
    erpStatus: new RedisErpStatusMemory(redis, keys),
    helpdeskState: new RedisHelpdeskStateMemory(redis, keys),
    durations: new RedisDurationMemory(redis, keys),
    lastNotes: new RedisLastNoteMemory(redis, keys),
    echo: new RedisEchoMarkers(redis, keys),
    once: new RedisOnceStore(redis, keys),
    snapshots: new RedisSnapshotStore(redis, keys),
    outbox: new RedisOutbox(redis, keys),
    erpTickets: new RedisErpTicketMemory(redis, keys),
    scheduler: queueScheduler(queues),
    adapters,
    erpTicketIntake: new Map(Object.entries(config.helpdesks).flatMap(([id, h]) => (h.enabled && h.erpTickets ? [[id, h.erpTickets] as const] : []))),
    get mapping() {
      return mapping.current;
    },
    sync: config.sync,
    rules: config.rules,
    ticketUrls: Object.fromEntries(Object.entries(config.helpdesks).map(([id, h]) => [id, h.ticketUrl])),
    logger: getLogger('sync'),
    now: () => new Date(),
  };
  const fileLinks = erpFileLinks(config, base.now);
  const activityNotRecorded = (err: unknown) => getLogger('admin-activity').warn('admin activity not recorded', { error: errorForLog(err) });
  const activity = new RedisActivityStore(redis, keys, activityNotRecorded);
  const planner = new QueueDeadlinePlanner(queues, redis, keys, base.now);
  const accountCaches = new RedisAccountCaches(redis, keys);
  // Assigned onto base, not spread: spreading would freeze the mapping getter's value.
  const withCaches = Object.assign(base, { accountCaches });
  const rules = buildRules(withCaches, redis, keys, accountCaches, { config: config.sla, planner });
  const devEscalation = devTracker && { config: config.devEscalation, tracker: devTracker, links: new RedisDevIssueLinkStore(redis, keys), planner };
  const engine: EngineDeps = Object.assign(
    withCaches,
    { fileLinks },
    devEscalation ? { ...rules, steps: [...rules.steps, devEscalationStep], devEscalation } : rules,
  );
  return {
    config,
    redis,
    queueRedis,
    keys,
    erp,
    adapters,
    devTrackers: trackers,
    queues,
    engine,
    mapping,
    mappingOverrides,
    activity,
    fileLinks,
    async close() {
      await mapping.close();
      await queues.close();
      await activity.flush().catch(activityNotRecorded);
      await Promise.all([...adapters.values()].map((a) => a.close?.()));
      await Promise.all([...trackers.values()].map((t) => t.close?.()));
      await Promise.all([redis.quit(), queueRedis.quit()]);
    },
  };
}

function erpFileLinks(config: AppConfig, now: () => Date): ErpFileLinks | undefined {
  const { publicUrl } = config.server;
  const { secret, ttlHours } = config.sync.attachments.links;
  return publicUrl && secret ? createErpFileLinks({ publicUrl, secret, ttlMs: ttlHours * 3600_000, now }) : undefined;
}
