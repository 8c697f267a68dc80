import { Queue, type JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import { InputError } from '../plugin-sdk';
import { BACKOFF_TYPE } from './backoff';
import { priorityOf, type Urgency } from './urgency';
import { QUEUE_NAMES, jobSpec, retryPolicy, type JobName, type JobPayload, type QueueName, type JobRetrySettings } from './catalog';
import { LuaScript } from '../store/lua-script';
import type { WaitingJob } from '../sync/ports';

export interface JobQueuesOptions {
  /** A connection made with createRedis(url, { forQueues: true }); not closed by close(). */
  connection: Redis;
  /** BullMQ key prefix, KeySpace.queuePrefix. */
  prefix: string;
  /** How long a coalescing job waits for more events of its burst (sync.coalesceMs). */
  coalesceMs: number;
  /** sync.jobAttempts / sync.backoffMs; the catalog may override per job. */
  retryDefaults: JobRetrySettings;
  /** Completed jobs kept for inspection; failed ones are kept far longer for replay. */
  keepCompleted?: number;
  keepFailed?: number;
}

export interface EnqueueOptions {
  /** Run no earlier than this (jobs that do not coalesce). */
  delayMs?: number;
  /** Default: a person's (a webhook's); a job passes its own, so that what it causes inherits it (queueScheduler). */
  urgency?: Urgency;
  /** A job id of the caller's (jobs that do not coalesce): a second job with the same id is not added. */
  jobId?: string;
}

export interface EnqueuedJob {
  queue: QueueName;
  name: JobName;
  /**
   * The job this event joined: its own, a waiting one it coalesced into, or the
   * running one (a follow-up run is then queued for when it ends).
   */
  id: string;
}

/**
 * What enqueue needs to know of the job an event joined, in one round trip: JOINED_GONE, JOINED_RUNNING, or its
 * priority. Reading the whole job, then whether it runs, cost two round trips and a JSON parse per event.
 */
const JOINED_JOB = new LuaScript(
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('LPOS', KEYS[2], ARGV[1]) then return -2 end
return tonumber(redis.call('HGET', KEYS[1], 'priority') or '0')`,
);
const JOINED_GONE = -1;
const JOINED_RUNNING = -2;

/**
 * The two queues and the one way to add a job. A job with a coalesce key is
 * deduplicated on it: while one waits, more events add nothing; while one runs,
 * the last event is kept and queued again when it finishes (BullMQ
 * keepLastIfActive), so a change made during a run is never lost.
 */
export class JobQueues {
  readonly queues: Readonly<Record<QueueName, Queue>>;

  constructor(private readonly opts: JobQueuesOptions) {
    const make = (name: QueueName) => new Queue(name, { connection: opts.connection, prefix: opts.prefix });
    this.queues = { mirror: make('mirror'), reflect: make('reflect') };
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  /** Validates the payload (InputError naming the field) and adds the job. */
  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}): Promise<EnqueuedJob> {
    const spec = jobSpec(name);
    const parsed = spec.schema.safeParse(payload);
    if (!parsed.success) throw InputError.fromZod(`job ${name} payload`, parsed.error);
    const data = parsed.data;
    const coalesceKey = spec.coalesceKey?.(data);
    const queue = this.queues[spec.queue];
    const priority = priorityOf(opts.urgency ?? 'person');
    const jobOpts = this.jobOptions(name, coalesceKey, opts, priority);
    let job = await queue.add(name, data, jobOpts);
    if (coalesceKey) {
      const joined = Number(await JOINED_JOB.run(this.opts.connection, [queue.toKey(job.id!), queue.keys.active], [job.id!]));
      if (joined === JOINED_GONE) {
        // The dedup key points at a job that no longer exists (removed by hand,
        // evicted): every later event would be dropped. Clear it and add again.
        await queue.removeDeduplicationKey(coalesceKey);
        job = await queue.add(name, data, jobOpts);
      } else if (joined !== JOINED_RUNNING && joined > priority) {
        // A person's change joined bulk work waiting for the same ticket: the joint job runs at the person's pace.
        await (await queue.getJob(job.id!))?.changePriority({ priority });
      }
    }
    return { queue: spec.queue, name, id: job.id! };
  }

  /**
   * Where the job a coalescing payload would join waits, for an event stored and marked seen in one step
   * (SnapshotStore.applyOnce); undefined for a job that does not coalesce.
   */
  waitingJob<N extends JobName>(name: N, payload: JobPayload<N>, urgency: Urgency = 'person'): WaitingJob | undefined {
    const spec = jobSpec(name);
    const coalesceKey = spec.coalesceKey?.(payload);
    if (!coalesceKey) return undefined;
    const queue = this.queues[spec.queue];
    return {
      dedupKey: `${queue.keys.de}:${coalesceKey}`,
      activeKey: queue.keys.active,
      jobKeyPrefix: queue.toKey(''),
      maxPriority: priorityOf(urgency),
    };
  }

  private jobOptions(name: JobName, coalesceKey: string | undefined, opts: EnqueueOptions, priority: number): JobsOptions {
    const retry = retryPolicy(name, this.opts.retryDefaults);
    const base: JobsOptions = {
      ...(priority ? { priority } : {}),
      attempts: retry.attempts,
      backoff: { type: BACKOFF_TYPE, delay: retry.backoffMs },
      removeOnComplete: { count: this.opts.keepCompleted ?? 1000 },
      removeOnFail: { count: this.opts.keepFailed ?? 50_000 },
    };
    if (!coalesceKey) return { ...base, ...(opts.delayMs ? { delay: opts.delayMs } : {}), ...(opts.jobId ? { jobId: opts.jobId } : {}) };
    return {
      ...base,
      delay: Math.max(this.opts.coalesceMs, opts.delayMs ?? 0),
      deduplication: { id: coalesceKey, keepLastIfActive: true },
    };
  }

  /** Removes a job that has not started (planned for later); one already running or done is left alone. */
  async cancelPlanned(name: JobName, jobId: string): Promise<void> {
    const job = await this.queues[jobSpec(name).queue].getJob(jobId);
    if (!job) return;
    const state = await job.getState();
    if (state === 'delayed' || state === 'waiting' || state === 'prioritized' || state === 'completed' || state === 'failed') await job.remove();
  }

  async close(): Promise<void> {
    await Promise.all(QUEUE_NAMES.map((q) => this.queues[q].close()));
  }
}
