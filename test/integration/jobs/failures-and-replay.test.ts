import { ConnectionError, InputError, InvalidRequestError, RateLimitedError } from '../../../src/plugin-sdk';
import { JobAdmin } from '../../../src/jobs';
import { jobEnv, waitFor, type JobEnv } from './job-env';

const details = { system: 'dolibarr', method: 'POST', path: '/tickets' };

describe('worker retries, permanent failures and replay', () => {
  let env: JobEnv;
  let admin: JobAdmin;
  beforeEach(() => {
    env = jobEnv('failures', { coalesceMs: 0, attempts: 4, backoffMs: 20 });
    admin = new JobAdmin(env.queues);
  });
  afterEach(() => env.cleanup());

  it('retries a transient error with backoff until the job succeeds', async () => {
    const attempts: number[] = [];
    env.start({
      'mirror-ticket': async (_p, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt < 3) throw new ConnectionError('ECONNREFUSED', details);
      },
    });
    const { id } = await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '1' });
    await waitFor(async () => (await env.queues.queue('mirror').getJob(id))?.finishedOn !== undefined, 'job finished');
    const job = (await env.queues.queue('mirror').getJob(id))!;
    expect(await job.getState()).toBe('completed');
    expect(attempts).toEqual([1, 2, 3]);
    const retried = env.logs.filter((l) => l.message === 'job failed: will retry');
    expect(retried).toHaveLength(2);
    expect(retried[0]).toMatchObject({ jobId: id, job: 'mirror-ticket', attempt: 1, payload: { helpdeskId: 'znuny', ticketId: '1' } });
    expect(retried[0]!.error).toMatchObject({ kind: 'connection', system: 'dolibarr', transient: true });
    expect(await admin.listFailed()).toEqual([]);
  });

  it('waits as long as a rate limit asks before retrying', async () => {
    let calls = 0;
    env.start({
      'reflect-erp': async () => {
        calls++;
        throw new RateLimitedError('429', { ...details, status: 429, retryAfterMs: 60_000 });
      },
    });
    const { id } = await env.queues.enqueue('reflect-erp', { kind: 'intervention', erpId: 3 });
    const queue = env.queues.queue('reflect');
    await waitFor(async () => (await queue.getJob(id))?.attemptsMade === 1, 'first attempt failed');
    const job = (await queue.getJob(id))!;
    expect(await job.getState()).toBe('delayed');
    expect(job.delay).toBe(60_000);
    expect(calls).toBe(1);
  });

  it('fails a permanent error at once with its reason, lists it, and replays it', async () => {
    let broken = true;
    let calls = 0;
    env.start({
      'raise-quote': async () => {
        calls++;
        if (broken) throw new InvalidRequestError('Bad value for field socid', { ...details, status: 400, remoteMessage: 'socid' });
      },
    });
    const { id } = await env.queues.enqueue('raise-quote', { helpdeskId: 'znuny', ticketId: '5', requestId: 'q1' });
    const queue = env.queues.queue('mirror');
    await waitFor(async () => (await queue.getJob(id))?.finishedOn !== undefined, 'job failed');
    expect(calls).toBe(1);

    const failed = await admin.listFailed(['mirror', 'reflect'], 10);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      queue: 'mirror',
      id,
      name: 'raise-quote',
      payload: { helpdeskId: 'znuny', ticketId: '5', requestId: 'q1' },
      attemptsMade: 1,
    });
    expect(failed[0]!.reason).toMatch(/dolibarr invalid: Bad value for field socid/);
    const logged = env.logs.find((l) => l.message === 'job failed permanently');
    expect(logged).toMatchObject({ jobId: id, job: 'raise-quote', attempt: 1, error: { kind: 'invalid', status: 400 } });

    broken = false;
    expect(await admin.replayFailed({ jobId: id })).toEqual([{ queue: 'mirror', id, name: 'raise-quote' }]);
    await waitFor(async () => (await queue.getJobState(id)) === 'completed', 'replayed job completed');
    expect(calls).toBe(2);
    expect(await admin.listFailed()).toEqual([]);
    expect(await admin.replayFailed({ jobId: id })).toEqual([]);
  });

  it('fails a job after its last transient attempt, keeping it for replay', async () => {
    env.start({ 'deliver-update': async () => Promise.reject(new ConnectionError('socket hang up', details)) });
    const { id } = await env.queues.enqueue('deliver-update', { helpdeskId: 'znuny', ticketId: '5', eventIds: ['e1'] });
    await waitFor(async () => (await admin.listFailed()).length === 1, 'job failed');
    const [failed] = await admin.listFailed();
    expect(failed).toMatchObject({ id, attemptsMade: 4, reason: 'socket hang up' });
    expect(env.logs.filter((l) => l.message === 'job failed: attempts exhausted')).toHaveLength(1);
  });

  it('replays by job name and all at once; a bad selection is an InputError', async () => {
    let fail = true;
    const ran: string[] = [];
    env.start({
      'mirror-ticket': async (p) => {
        ran.push(`m${p.ticketId}`);
        if (fail) throw new InputError('nope');
      },
      'reflect-erp': async (p) => {
        ran.push(`r${p.erpId}`);
        if (fail) throw new InputError('nope');
      },
    });
    await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '1' });
    await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '2' });
    await env.queues.enqueue('reflect-erp', { kind: 'proposal', erpId: 9 });
    await waitFor(async () => (await admin.listFailed()).length === 3, 'three failures');

    await expect(admin.replayFailed({})).rejects.toBeInstanceOf(InputError);
    await expect(admin.replayFailed({ jobId: '1', all: true })).rejects.toThrow(/exactly one/);

    fail = false;
    const byName = await admin.replayFailed({ name: 'mirror-ticket' });
    expect(byName.map((j) => j.name)).toEqual(['mirror-ticket', 'mirror-ticket']);
    await waitFor(async () => (await admin.listFailed()).length === 1 && (await env.idle()), 'mirror jobs replayed');
    expect((await admin.listFailed())[0]!.name).toBe('reflect-erp');

    expect(await admin.replayFailed({ all: true })).toHaveLength(1);
    await waitFor(async () => (await admin.listFailed()).length === 0 && (await env.idle()), 'all replayed');
    expect(ran.sort()).toEqual(['m1', 'm1', 'm2', 'm2', 'r9', 'r9']);
  });

  it('fails a queued job with an invalid payload at once, naming the field', async () => {
    let calls = 0;
    env.start({ 'mirror-ticket': async () => void calls++ });
    await env.queues.queue('mirror').add('mirror-ticket', { source: 'znuny' });
    await env.queues.queue('mirror').add('no-such-job', {});
    await waitFor(async () => (await admin.listFailed()).length === 2, 'both failed');
    const reasons = (await admin.listFailed()).map((f) => f.reason).sort();
    expect(reasons[0]).toMatch(/job mirror-ticket payload: ticketId: Required/);
    expect(reasons[1]).toMatch(/unknown job name no-such-job/);
    expect(calls).toBe(0);
  });

  it('postpones a job whose ticket is locked without using an attempt', async () => {
    const single = jobEnv('lockbusy', { coalesceMs: 0, attempts: 1 });
    try {
      let calls = 0;
      const held = (await single.locks.acquire('ticket:znuny:9', 30_000))!;
      single.start({ 'mirror-ticket': async () => void calls++ }, { lockBusyDelayMs: 30 });
      const { id } = await single.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '9' });
      await waitFor(() => single.logs.filter((l) => l.message === 'job postponed: ticket busy').length >= 3, 'postponed thrice');
      expect(calls).toBe(0);
      await single.locks.release(held);
      await waitFor(() => calls === 1 && single.idle(), 'job ran');
      const job = (await single.queues.queue('mirror').getJob(id))!;
      expect(await job.getState()).toBe('completed');
      expect(job.attemptsMade).toBe(1);
    } finally {
      await single.cleanup();
    }
  });
});
