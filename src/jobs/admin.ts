import { z } from 'zod';
import type { Job } from 'bullmq';
import { InputError } from '../plugin-sdk';
import { QUEUE_NAMES, type QueueName } from './catalog';
import type { JobQueues } from './queues';

export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  payload: unknown;
  /** Why it failed, as the worker gave it. */
  reason: string;
  attemptsMade: number;
  failedAt?: Date;
  /** When the job was first queued. */
  queuedAt: Date;
}

export interface ReplayedJob {
  queue: QueueName;
  id: string;
  name: string;
}

const replaySelectionSchema = z
  .object({
    jobId: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((s) => [s.jobId, s.name, s.all].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of jobId, name or all',
  });
export type ReplaySelection = z.input<typeof replaySelectionSchema>;

const PAGE = 500;

/** What `ticketbridge replay` and the admin API do with failed jobs. */
export class JobAdmin {
  constructor(private readonly queues: JobQueues) {}

  /** The most recent failures first, at most `limit` per queue. */
  async listFailed(queueNames: readonly QueueName[] = QUEUE_NAMES, limit = 100): Promise<FailedJob[]> {
    const lists = await Promise.all(
      queueNames.map(async (q) => (await this.queues.queue(q).getFailed(0, limit - 1)).filter(Boolean).map((job) => describe(q, job))),
    );
    return lists.flat().sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0));
  }

  /**
   * Puts failed jobs back in their queue with a fresh set of attempts.
   * Returns what was replayed (empty when nothing matched).
   */
  async replayFailed(selection: ReplaySelection): Promise<ReplayedJob[]> {
    const parsed = replaySelectionSchema.safeParse(selection);
    if (!parsed.success) throw InputError.fromZod('replay selection', parsed.error);
    const { jobId, name } = parsed.data;
    const replayed: ReplayedJob[] = [];
    for (const q of QUEUE_NAMES) {
      const queue = this.queues.queue(q);
      const jobs = jobId ? [await queue.getJob(jobId)] : await allFailed(queue);
      for (const job of jobs) {
        if (!job || (name && job.name !== name) || !(await job.isFailed())) continue;
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        replayed.push({ queue: q, id: job.id!, name: job.name });
      }
    }
    return replayed;
  }
}

/** Collected before replaying: retrying shrinks the failed set under a paging cursor. */
async function allFailed(queue: ReturnType<JobQueues['queue']>): Promise<Job[]> {
  const jobs: Job[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await queue.getFailed(start, start + PAGE - 1);
    jobs.push(...page.filter(Boolean));
    if (page.length < PAGE) return jobs;
  }
}

function describe(queue: QueueName, job: Job): FailedJob {
  return {
    queue,
    id: job.id!,
    name: job.name,
    payload: job.data,
    reason: job.failedReason,
    attemptsMade: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn) : undefined,
    queuedAt: new Date(job.timestamp),
  };
}
