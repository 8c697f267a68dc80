/**
 * Child process for the stalled-job test: takes jobs, records that it started
 * one, tells the parent, and never finishes (the parent SIGKILLs it). With
 * TB_TEST_UPDATE set, the job first reports that update for the helpdesk, as a
 * mirror run does once it created the ERP ticket.
 * Run with: node -r ts-node/register/transpile-only stalling-worker.ts
 */
import { JobQueues, queueDeliveries, startWorkers } from '../../../src/jobs';
import { queueScheduler } from '../../../src/jobs/scheduler';
import { createRootLogger } from '../../../src/logging/logger';
import { createRedis, KeySpace, TicketLocks } from '../../../src/store';
import { REDIS_URL } from '../store/redis-env';

const keys = new KeySpace(process.env.TB_TEST_PREFIX!);
const redis = createRedis(REDIS_URL);
const connection = createRedis(REDIS_URL, { forQueues: true });

const queues = new JobQueues({ connection, prefix: keys.queuePrefix, coalesceMs: 0, retryDefaults: { attempts: 3, backoffMs: 10 } });
const update = process.env.TB_TEST_UPDATE;

startWorkers({
  connection,
  prefix: keys.queuePrefix,
  queueDeliveries: (batch, urgency) => queueDeliveries(queues, batch, urgency),
  concurrency: 1,
  locks: new TicketLocks(redis, keys),
  logger: createRootLogger({ level: 'error' }),
  lockTtlMs: 1000,
  jobLockDurationMs: 1000,
  // All workers of a queue share the stalled check's schedule (a Redis key with this TTL).
  stalledIntervalMs: 300,
  handlers: {
    'mirror-ticket': async (p, ctx) => {
      if (update) await queueScheduler(queues, ctx).deliverUpdate({ helpdeskId: p.helpdeskId, ticketId: p.ticketId }, update);
      await redis.rpush(`${keys.prefix}test:started`, `${ctx.jobId}:${p.ticketId}`);
      process.send?.('started');
      await new Promise(() => undefined);
    },
  },
});
process.send?.('ready');
