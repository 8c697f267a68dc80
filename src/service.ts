import type { Server } from 'node:http';
import type { AppConfig } from './config/schema';
import type { DevTrackerPlugin, HelpdeskPlugin } from './plugin-sdk';
import { getLogger } from './logging/logger';
import { RedisSlaRecordStore, removeUnreadLinkSets, TicketLocks } from './store';
import { JobQueues, startWorkers, applyPollSchedules, queueDeliveries, type JobWorkers } from './jobs';
import { createIntake } from './jobs/intake';
import { createHandlers } from './jobs/handlers';
import { deliverUpdates } from './sync/reflect/deliver-update';
import { createApp } from './http/app';
import type { EngineDeps } from './sync/shared/deps';
import { queueDashboard } from './http/queue-dashboard';
import { createRuntime } from './runtime';
import { adminService, checkConfiguredProducts, checkMappings, readiness } from './runtime-checks';
import { escalationGaps } from './sync/rules/escalation-support';
import { countSlaOpenTicketsWith } from './http/metrics';
import { createAdminConsole } from './admin-console';
import { recordingIntake, recordJobOutcomes } from './jobs/activity-recorder';

export interface Service {
  server: Server;
  engine: EngineDeps;
  queues: JobQueues;
  port: number;
  close(): Promise<void>;
}

/** Starts the service: workers, poll schedules and the HTTP server; `close()` finishes running jobs first. */
export async function startService(
  config: AppConfig,
  plugins: readonly HelpdeskPlugin<unknown>[],
  devTrackers: readonly DevTrackerPlugin<unknown>[] = [],
): Promise<Service> {
  const log = getLogger('service');
  const rt = createRuntime(config, plugins, devTrackers);
  let workers: JobWorkers | undefined;
  try {
    await rt.mapping.start(rt.redis.duplicate({ connectionName: 'ticketbridge-mapping', enableAutoPipelining: false }));
    if (await checkMappings(rt)) await checkConfiguredProducts(rt);
    const unreadSets = await removeUnreadLinkSets(rt.redis, rt.keys);
    if (unreadSets) log.info('removed the sets earlier versions listed links with', { keys: unreadSets });
    const filesUnlinked = [...rt.adapters.values()].filter((a) => a.fileLinks && !rt.fileLinks).map((a) => a.id);
    if (filesUnlinked.length && config.sync.attachments.enabled) {
      log.warn('ERP files reach these helpdesks named only, without a download link: set server.publicUrl and FILE_LINK_SECRET', {
        helpdesks: filesUnlinked,
      });
    }
    if (config.sla.enabled) {
      for (const gap of escalationGaps(config.sla.escalations, rt.adapters)) log.warn(gap);
      const records = new RedisSlaRecordStore(rt.redis, rt.keys);
      countSlaOpenTicketsWith(() => records.openByStatus());
    }
    workers = startWorkers({
      connection: rt.queueRedis,
      prefix: rt.keys.queuePrefix,
      handlers: createHandlers(rt.engine, rt.queues),
      concurrency: config.sync.workerConcurrency,
      locks: new TicketLocks(rt.redis, rt.keys),
      queueDeliveries: (batch, urgency) => queueDeliveries(rt.queues, batch, urgency),
      deliverInPlace: ({ key, eventIds }) => deliverUpdates(key, eventIds, rt.engine),
      logger: getLogger('jobs'),
      // The per-ticket lock of a crashed worker must expire no later than its job is taken up again.
      lockTtlMs: config.sync.jobLockMs,
      jobLockDurationMs: config.sync.jobLockMs,
      stalledIntervalMs: config.sync.jobLockMs,
    });
    recordJobOutcomes(workers.workers, rt.activity, getLogger('admin-activity'), rt.engine.now);
    const helpdeskPolls = Object.fromEntries(
      [...rt.adapters.values()].filter((a) => a.listChanges).map((a) => [a.id, config.sync.helpdeskPollSeconds]),
    );
    await applyPollSchedules(rt.queues, {
      helpdesks: helpdeskPolls,
      erpSeconds: config.sync.erpPollSeconds,
      devTrackerSeconds: rt.engine.devEscalation ? config.devEscalation.pollSeconds : 0,
      retryDefaults: { attempts: config.sync.jobAttempts, backoffMs: config.sync.backoffMs },
    });
  } catch (err) {
    await workers?.close();
    await rt.close();
    throw err;
  }
  const app = createApp({
    adapters: rt.adapters,
    intake: recordingIntake(
      createIntake({
        snapshots: rt.engine.snapshots,
        once: rt.engine.once,
        scheduler: rt.engine.scheduler,
        accountCaches: rt.engine.accountCaches,
        concurrency: config.sync.intakeConcurrency,
        waitingMirror: (key) => rt.queues.waitingJob('mirror-ticket', { helpdeskId: key.helpdeskId, ticketId: key.ticketId }),
      }),
      rt.activity,
      getLogger('admin-activity'),
      rt.engine.now,
    ),
    readiness: () => readiness(rt),
    admin: adminService(rt),
    adminConsole: createAdminConsole(rt),
    adminToken: config.admin.token,
    dolibarrWebhookToken: config.dolibarrWebhook.token,
    ownCaller: config.dolibarr.caller,
    queueDashboard: queueDashboard(rt.queues),
    erpFiles: rt.fileLinks && {
      links: rt.fileLinks,
      download: (erpRef, document) => rt.erp.downloadTicketDocument(erpRef, document, config.sync.attachments.maxBytes),
    },
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
