import { PassThrough } from 'node:stream';
import type { Logger } from '../../../src/logging/logger';
import { createRootLogger } from '../../../src/logging/logger';
import { JobQueues, startWorkers, type JobHandlers, type JobWorkers, type StartWorkersOptions } from '../../../src/jobs';
import { TicketLocks } from '../../../src/store';
import { redisEnv, type RedisEnv } from '../store/redis-env';

export interface JobEnv extends RedisEnv {
  queues: JobQueues;
  locks: TicketLocks;
  logger: Logger;
  /** Parsed JSON log lines written by the workers. */
  logs: Record<string, unknown>[];
  start(handlers: Partial<JobHandlers>, extra?: Partial<StartWorkersOptions>): JobWorkers;
  /** True when no job is waiting, delayed or running in either queue. */
  idle(): Promise<boolean>;
}

export interface JobEnvOptions {
  coalesceMs?: number;
  attempts?: number;
  backoffMs?: number;
}

export function jobEnv(label: string, opts: JobEnvOptions = {}): JobEnv {
  const env = redisEnv(label);
  const connection = env.connection(true);
  const queues = new JobQueues({
    connection,
    prefix: env.keys.queuePrefix,
    coalesceMs: opts.coalesceMs ?? 100,
    retryDefaults: { attempts: opts.attempts ?? 3, backoffMs: opts.backoffMs ?? 20 },
  });
  const locks = new TicketLocks(env.redis, env.keys);
  const logs: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  const logger = createRootLogger({ level: 'debug', stream });
  const running: JobWorkers[] = [];
  return {
    ...env,
    queues,
    locks,
    logger,
    logs,
    start(handlers, extra = {}) {
      const w = startWorkers({
        connection,
        prefix: env.keys.queuePrefix,
        handlers,
        concurrency: 4,
        locks,
        logger,
        lockBusyDelayMs: 50,
        ...extra,
      });
      running.push(w);
      return w;
    },
    async idle() {
      for (const q of Object.values(queues.queues)) {
        const c = await q.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
        if (Object.values(c).some((n) => n > 0)) return false;
      }
      return true;
    },
    async cleanup() {
      await Promise.all(running.map((w) => w.close()));
      await queues.close();
      await env.cleanup();
    },
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, what = 'condition', timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A promise with its resolver, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
