import { DelayedError, UnrecoverableError, Worker, type BackoffOptions, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { InputError, retryDecision } from '../plugin-sdk';
import { getLogger, type Logger } from '../logging/logger';
import { LockBusyError, type TicketLocks } from '../store';
import { BACKOFF_TYPE, backoffDelay } from './backoff';
import { QUEUE_NAMES, isJobName, jobCatalog, jobSpec, type JobName, type JobPayload, type QueueName } from './catalog';
import { errorForLog } from './error-log';
import { urgencyOfPriority, type Urgency } from './urgency';
import { type DeliveryBatch, type TicketDeliveries, jobDeliveryBatch } from './delivery-batch';
import type { WorkScope } from './scheduler';

/** A job's scope (WorkScope): what it queues inherits its urgency; its helpdesk updates go to its batch, if collected. */
interface JobContext extends WorkScope {
  jobId: string;
  name: JobName;
  queue: QueueName;
  /** 1 for the first run. */
  attempt: number;
  logger: Logger;
  /** Aborted when the job's lock is lost (the work is no longer exclusive). */
  signal: AbortSignal;
}

type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

export interface StartWorkersOptions {
  /** A connection made with createRedis(url, { forQueues: true }); not closed by close(). */
  connection: Redis;
  /** BullMQ key prefix, KeySpace.queuePrefix (same as the queues'). */
  prefix: string;
  /** A worker runs for each queue that has at least one handler. */
  handlers: Partial<JobHandlers>;
  /** Jobs run at once per queue. */
  concurrency: number;
  locks: TicketLocks;
  logger?: Logger;
  /** TTL of the per-ticket lock; it is extended while the handler runs. */
  lockTtlMs?: number;
  /**
   * How long a job first waits in place for its ticket's lock (default 300 ms): a mirror run usually ends within
   * that, and the updates it queued for the helpdesk met its lock almost every time.
   */
  lockWaitMs?: number;
  /**
   * Queues the helpdesk updates a job collected, once the job has released its ticket's lock (whether it succeeded or
   * not: what it stored must be delivered). Without it, updates are queued as they come.
   */
  queueDeliveries?: (batch: DeliveryBatch, urgency: Urgency) => Promise<void>;
  /**
   * Delivers, before a job that succeeded releases its ticket's lock, the updates it collected for that ticket: the
   * lock is the one their delivery job would take, and that job cost its own queue work and lock. What fails here is
   * queued as above and retried there.
   */
  deliverInPlace?: (deliveries: TicketDeliveries) => Promise<unknown>;
  /** How long a job is postponed when its ticket is still locked by another job after lockWaitMs. */
  lockBusyDelayMs?: number;
  /**
   * BullMQ's job lock and stalled check: a job of a dead worker is taken again
   * after about lockDuration + stalledInterval. Give every worker of a queue the
   * same values: the check's schedule is one Redis key shared by all of them.
   */
  jobLockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface JobWorkers {
  readonly workers: readonly Worker[];
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

export function startWorkers(opts: StartWorkersOptions): JobWorkers {
  const logger = opts.logger ?? getLogger('jobs');
  const queues = QUEUE_NAMES.filter((q) => Object.keys(opts.handlers).some((name) => isJobName(name) && jobCatalog[name].queue === q));
  const workers = queues.map((queue) => {
    const worker = new Worker(queue, (job: Job, token?: string) => runJob(opts, logger, queue, job, token), {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      // BullMQ treats an explicit undefined as a value: pass only what was given.
      ...(opts.jobLockDurationMs ? { lockDuration: opts.jobLockDurationMs } : {}),
      ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
      settings: {
        backoffStrategy: (attemptsMade, _type, err, job) => backoffDelay(attemptsMade, backoffBaseMs(job?.opts.backoff), err),
      },
    });
    worker.on('error', (err) => logger.error('worker error', { queue, error: errorForLog(err) }));
    worker.on('stalled', (jobId) => logger.warn('job stalled; its worker died or hung, it will run again', { queue, jobId }));
    return worker;
  });
  logger.info('workers started', { queues, concurrency: opts.concurrency, backoff: BACKOFF_TYPE });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      logger.info('workers stopped', { queues });
    },
  };
}

async function runJob(opts: StartWorkersOptions, logger: Logger, queue: QueueName, job: Job, token?: string): Promise<void> {
  const attempt = job.attemptsMade + 1;
  const fields = { queue, jobId: job.id, job: job.name, payload: job.data as unknown, attempt };
  const name = job.name;
  if (!isJobName(name)) return fail(logger, fields, new InputError(`unknown job name ${name}`));
  const handler = opts.handlers[name] as JobHandler<typeof name> | undefined;
  if (!handler) return fail(logger, fields, new InputError(`no handler for job ${name}`));
  const spec = jobSpec(name);
  const parsed = spec.schema.safeParse(job.data);
  if (!parsed.success) return fail(logger, fields, InputError.fromZod(`job ${name} payload`, parsed.error));
  const lockKey = spec.lockKey(parsed.data);
  const started = Date.now();
  // What this job queues inherits its urgency; a poll's findings are catch-up.
  const urgency = spec.catchUp ? 'catch-up' : urgencyOfPriority(job.opts.priority);
  const deliveries = jobDeliveryBatch(job);
  try {
    let failure: { err: unknown } | undefined;
    try {
      await opts.locks.withLock(
        lockKey,
        opts.lockTtlMs ?? 30_000,
        async (signal) => {
          // Debug: "job completed" (or the failure) says the same at info, once per job instead of twice.
          logger.debug('job started', fields);
          const ctx: JobContext = {
            jobId: job.id!,
            name,
            queue,
            attempt,
            logger: logger.child({ jobId: job.id, job: name }),
            signal,
            urgency,
            ...(opts.queueDeliveries ? { deliveries } : {}),
          };
          await handler(parsed.data, ctx);
          if (opts.queueDeliveries && opts.deliverInPlace && !signal.aborted) {
            await deliverHeldTicket(deliveries, lockKey, opts.deliverInPlace, ctx.logger);
          }
        },
        {
          waitMs: opts.lockWaitMs ?? 300,
          onLost: (key, err) => logger.warn('job lost its ticket lock', { ...fields, lockKey: key, error: err && errorForLog(err) }),
        },
      );
    } catch (err) {
      failure = { err };
    }
    if (opts.queueDeliveries) {
      try {
        await opts.queueDeliveries(deliveries, urgency);
      } catch (err) {
        // After a success this fails the job, as a failed enqueue inside it would have; after a failure the job's own
        // error is the one to report and retry on.
        if (!failure) throw err;
        logger.error("a failed job's updates for the helpdesk were not queued", { ...fields, error: errorForLog(err) });
      }
    }
    if (failure) throw failure.err;
    logger.info('job completed', { ...fields, ms: Date.now() - started });
  } catch (err) {
    if (err instanceof LockBusyError && err.key === lockKey) {
      // Not a failure: wait for the other job on this ticket without using an attempt.
      const delay = (opts.lockBusyDelayMs ?? 1000) * (1 + Math.random() / 2);
      logger.info('job postponed: ticket busy', { ...fields, lockKey, delayMs: Math.round(delay) });
      await job.moveToDelayed(Date.now() + delay, token);
      throw new DelayedError();
    }
    const decision = retryDecision(err);
    if (!decision.retry) return fail(logger, fields, err);
    const last = attempt >= (job.opts.attempts ?? 1);
    logger[last ? 'error' : 'warn'](last ? 'job failed: attempts exhausted' : 'job failed: will retry', {
      ...fields,
      reason: decision.reason,
      error: errorForLog(err),
    });
    throw err;
  }
}

/** The collected updates of the ticket whose lock the job holds, delivered now; on failure they go back to the batch. */
async function deliverHeldTicket(
  batch: DeliveryBatch,
  lockKey: string,
  deliver: (deliveries: TicketDeliveries) => Promise<unknown>,
  logger: Logger,
): Promise<void> {
  const held = batch.takeWhere((key) => jobSpec('deliver-update').lockKey({ ...key, eventIds: [] }) === lockKey);
  for (const [i, deliveries] of held.entries()) {
    try {
      await deliver(deliveries);
    } catch (err) {
      batch.restore(held.slice(i));
      logger.warn('helpdesk updates not delivered in place; queued for a retry', { ...deliveries.key, error: errorForLog(err) });
      return;
    }
  }
}

function backoffBaseMs(backoff: number | BackoffOptions | undefined): number {
  return (typeof backoff === 'number' ? backoff : backoff?.delay) ?? 1000;
}

/** Fails the job at once: retrying cannot fix it. The reason becomes the job's failedReason. */
function fail(logger: Logger, fields: Record<string, unknown>, err: unknown): never {
  const { reason } = retryDecision(err);
  logger.error('job failed permanently', { ...fields, reason, error: errorForLog(err) });
  throw new UnrecoverableError(reason);
}
