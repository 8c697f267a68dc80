import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
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

  it('leaves the job to another worker, which runs it to completion exactly once', async () => {
    const messages: string[] = [];
    child = fork(path.join(__dirname, 'stalling-worker.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TB_TEST_PREFIX: env.keys.prefix },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m) => messages.push(String(m)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.on('exit', (_code, signal) => resolve(signal)));
    await waitFor(() => messages.includes('ready'), 'child worker ready', 20_000);

    const { id } = await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '77' });
    await waitFor(() => messages.includes('started'), 'child took the job', 20_000);
    child.kill('SIGKILL');
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
});
