import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { queueDeliveries } from '../../../src/jobs';
import { jobEnv, waitFor, type JobEnv } from './job-env';

describe('a worker killed in the middle of a job', () => {
  let env: JobEnv;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    env = jobEnv('stalled', { coalesceMs: 0 });
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await env.cleanup();
  });

  async function startStallingWorker(update?: string): Promise<{ messages: string[]; exited: Promise<NodeJS.Signals | null> }> {
    const messages: string[] = [];
    child = fork(path.join(__dirname, 'stalling-worker.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TB_TEST_PREFIX: env.keys.prefix, ...(update ? { TB_TEST_UPDATE: update } : {}) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => messages.push(String(m)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.on('exit', (_code, signal) => resolve(signal)));
    await waitFor(() => messages.includes('ready'), 'child worker ready', 20_000);
    return { messages, exited };
  }

  it('leaves the job to another worker, which runs it to completion exactly once', async () => {
    const { messages, exited } = await startStallingWorker();

    const { id } = await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '77' });
    await waitFor(() => messages.includes('started'), 'child took the job', 20_000);
    child!.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await env.queues.queue('mirror').getJobState(id)).toBe('active');

    const completedBy: string[] = [];
    env.start(
      { 'mirror-ticket': async (p, ctx) => void completedBy.push(`${ctx.jobId}:${p.ticketId}`) },
      { stalledIntervalMs: 300, jobLockDurationMs: 1000, lockBusyDelayMs: 200 },
    );
    await waitFor(async () => (await env.queues.queue('mirror').getJobState(id)) === 'completed', 'job completed', 20_000);
    await waitFor(() => env.idle(), 'queues idle');

    expect(await env.redis.lrange(`${env.keys.prefix}test:started`, 0, -1)).toEqual([`${id}:77`]);
    expect(completedBy).toEqual([`${id}:77`]);
    expect(env.logs.some((l) => l.message === 'job stalled; its worker died or hung, it will run again' && l.jobId === id)).toBe(true);
  });

  it('delivers the updates the killed run reported, although the run that takes over reports nothing new', async () => {
    // The killed run created the ERP ticket and stored "ticket linked"; the next run finds the ticket linked already.
    const { messages, exited } = await startStallingWorker('erp.ticket_linked:znuny:78:5');
    const { id } = await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '78' });
    await waitFor(() => messages.includes('started'), 'child took the job', 20_000);
    child!.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const delivered: Array<{ ticketId: string; eventIds: string[] }> = [];
    env.start(
      {
        'mirror-ticket': async () => undefined,
        'deliver-update': async (p) => void delivered.push({ ticketId: p.ticketId, eventIds: p.eventIds }),
      },
      {
        stalledIntervalMs: 300,
        jobLockDurationMs: 1000,
        lockBusyDelayMs: 200,
        queueDeliveries: (batch, urgency) => queueDeliveries(env.queues, batch, urgency),
      },
    );
    await waitFor(async () => (await env.queues.queue('mirror').getJobState(id)) === 'completed', 'job completed', 20_000);
    await waitFor(() => delivered.length > 0 && env.idle(), 'the update delivered', 20_000);
    expect(delivered).toEqual([{ ticketId: '78', eventIds: ['erp.ticket_linked:znuny:78:5'] }]);
  });
});
