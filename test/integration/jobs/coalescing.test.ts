import { InputError } from '../../../src/plugin-sdk';
import type { JobPayload } from '../../../src/jobs';
import { gate, jobEnv, waitFor, type JobEnv } from './job-env';

describe('coalescing a burst', () => {
  let env: JobEnv;
  // A window far longer than the burst takes, even on a loaded CI machine: the assertion is about coalescing,
  // not about how fast 25 enqueues are.
  beforeEach(() => {
    env = jobEnv('coalesce-burst', { coalesceMs: 2000 });
  });
  afterEach(() => env.cleanup());

  it('runs a burst of events for one ticket once, and each ticket of the burst once', async () => {
    const runs: string[] = [];
    env.start({ 'mirror-ticket': async (p) => void runs.push(p.ticketId) });
    const ids = new Set<string>();
    for (let i = 0; i < 25; i++) ids.add((await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '7' })).id);
    await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '8' });
    await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '8' });

    expect(ids.size).toBe(1);
    await waitFor(() => runs.length >= 2, 'both tickets mirrored');
    await waitFor(() => env.idle(), 'queues idle');
    expect(runs.sort()).toEqual(['7', '8']);
  });
});

describe('enqueue and coalescing', () => {
  let env: JobEnv;
  beforeEach(() => {
    env = jobEnv('coalesce', { coalesceMs: 150 });
  });
  afterEach(() => env.cleanup());

  it('an event arriving while the ticket is being mirrored causes exactly one more run after it', async () => {
    const first = gate();
    const events: string[] = [];
    let runs = 0;
    env.start({
      'mirror-ticket': async () => {
        const run = ++runs;
        events.push(`start ${run}`);
        if (run === 1) await first.promise;
        events.push(`end ${run}`);
      },
    });
    const payload = { helpdeskId: 'znuny', ticketId: '7' };
    await env.queues.enqueue('mirror-ticket', payload);
    await waitFor(() => runs === 1, 'first run active');
    for (let i = 0; i < 5; i++) await env.queues.enqueue('mirror-ticket', payload);
    first.open();

    await waitFor(() => runs === 2 && events.includes('end 2'), 'second run');
    await waitFor(() => env.idle(), 'queues idle');
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('an event arriving after a run finished gets its own run', async () => {
    let runs = 0;
    env.start({ 'reflect-erp': async () => void runs++ });
    await env.queues.enqueue('reflect-erp', { kind: 'ticket', erpId: 42 });
    await waitFor(() => runs === 1 && env.idle(), 'first run');
    await env.queues.enqueue('reflect-erp', { kind: 'ticket', erpId: 42 });
    await waitFor(() => runs === 2, 'second run');
    await waitFor(() => env.idle(), 'queues idle');
    expect(runs).toBe(2);
  });

  it('does not coalesce jobs that name no ticket burst (deliveries, ERP messages)', async () => {
    const seen: string[] = [];
    env.start({
      'deliver-update': async (p) => void seen.push(p.eventIds.join(',')),
      'reflect-erp': async (p) => void seen.push(`${p.kind}:${p.erpId}`),
    });
    await env.queues.enqueue('deliver-update', { helpdeskId: 'znuny', ticketId: '7', eventIds: ['e1'] });
    await env.queues.enqueue('deliver-update', { helpdeskId: 'znuny', ticketId: '7', eventIds: ['e2'] });
    await env.queues.enqueue('reflect-erp', { kind: 'message', erpId: 5, ticketErpId: 42 });
    await env.queues.enqueue('reflect-erp', { kind: 'message', erpId: 5, ticketErpId: 42 });
    await waitFor(() => seen.length === 4, 'all four runs');
    expect(seen.sort()).toEqual(['e1', 'e2', 'message:5', 'message:5']);
  });

  it('rejects a bad payload with an InputError naming the field and queues nothing', async () => {
    const bad = { helpdeskId: 'Znuny!', ticketId: '' } as JobPayload<'mirror-ticket'>;
    const err = await env.queues.enqueue('mirror-ticket', bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toMatch(/helpdeskId/);
    expect((err as InputError).message).toMatch(/ticketId/);
    const extra = { kind: 'ticket', erpId: 1, secret: 'x' } as unknown as JobPayload<'reflect-erp'>;
    await expect(env.queues.enqueue('reflect-erp', extra)).rejects.toThrow(/secret/);
    expect(await env.idle()).toBe(true);
    expect(await env.queues.queue('mirror').count()).toBe(0);
  });

  it('recovers when the coalescing marker points at a job that no longer exists', async () => {
    let runs = 0;
    const payload = { helpdeskId: 'znuny', ticketId: '7' };
    const first = await env.queues.enqueue('mirror-ticket', payload);
    const q = `${env.keys.queuePrefix}:mirror`;
    await env.redis.del(`${q}:${first.id}`);
    await env.redis.zrem(`${q}:delayed`, first.id);
    expect(await env.queues.queue('mirror').getDeduplicationJobId('mirror-ticket:znuny:7')).toBe(first.id);
    env.start({ 'mirror-ticket': async () => void runs++ });
    await env.queues.enqueue('mirror-ticket', payload);
    await waitFor(() => runs === 1, 'run after recovery');
  });
});
