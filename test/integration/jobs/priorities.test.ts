import { queueScheduler } from '../../../src/jobs/scheduler';
import { jobEnv, waitFor, type JobEnv } from './job-env';

/** A little work per job, so that the backlog is still there when the person's change arrives. */
const work = () => new Promise((r) => setTimeout(r, 2));

describe('people before bulk', () => {
  let env: JobEnv;
  beforeEach(() => {
    env = jobEnv('priorities', { coalesceMs: 50 });
  });
  afterEach(() => env.cleanup());

  it('an ERP user message overtakes a 2,000-job catch-up backlog and reaches the helpdesk first', async () => {
    const finished: string[] = [];
    // What a poll queues after an import created 2,000 tickets in Dolibarr: catch-up work (a poll's findings are
    // catch-up: tested below).
    for (let i = 0; i < 2000; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, k) => env.queues.enqueue('reflect-erp', { kind: 'ticket', erpId: 10_001 + i + k }, { urgency: 'catch-up' })),
      );
    }
    env.start({
      // Reflecting an ERP object yields an update for the helpdesk, queued with the urgency of what caused it.
      'reflect-erp': async (p, ctx) => {
        await work();
        await queueScheduler(env.queues, ctx).deliverUpdate(
          { helpdeskId: 'znuny', ticketId: String(p.ticketErpId ?? p.erpId) },
          `${p.kind}:${p.erpId}`,
        );
        finished.push(`reflect ${p.kind}:${p.erpId}`);
      },
      'deliver-update': async (p) => {
        await work();
        finished.push(`deliver ${p.eventIds.join(',')}`);
      },
    });
    await waitFor(() => finished.length >= 20, 'backlog draining');

    // The ERP webhook of a user's reply on another ticket (intake: no urgency given, so a person's).
    const queuedAt = finished.length;
    await env.queues.enqueue('reflect-erp', { kind: 'message', erpId: 77, ticketErpId: 5 });
    await waitFor(() => finished.includes('deliver message:77'), 'the user message delivered', 30_000);

    const position = finished.indexOf('deliver message:77');
    // Only the jobs already running when it arrived (4 workers, at each of its two steps) may finish before it.
    expect(position - queuedAt).toBeLessThanOrEqual(8);
    expect(finished.filter((e) => e.startsWith('deliver ticket:')).length).toBeLessThan(1000);
  });

  it('runs catch-up before bulk and each class oldest first', async () => {
    const runs: string[] = [];
    for (const id of ['b1', 'b2', 'b3'])
      await env.queues.enqueue('raise-quote', { helpdeskId: 'znuny', ticketId: id, requestId: id }, { urgency: 'bulk' });
    for (const id of ['c1', 'c2'])
      await env.queues.enqueue('raise-quote', { helpdeskId: 'znuny', ticketId: id, requestId: id }, { urgency: 'catch-up' });
    await env.queues.enqueue('raise-quote', { helpdeskId: 'znuny', ticketId: 'p1', requestId: 'p1' });
    env.start({ 'raise-quote': async (p) => void runs.push(p.ticketId) }, { concurrency: 1 });
    await waitFor(() => runs.length === 6, 'all ran');
    expect(runs).toEqual(['p1', 'c1', 'c2', 'b1', 'b2', 'b3']);
  });

  it('work queued by a job inherits its urgency; a poll’s findings are catch-up', async () => {
    const priorities: Array<[string, number | undefined]> = [];
    env.start({
      'poll-helpdesk': async (_p, ctx) => queueScheduler(env.queues, ctx).mirrorTicket({ helpdeskId: 'znuny', ticketId: 'from-poll' }),
      'mirror-ticket': async (p, ctx) =>
        queueScheduler(env.queues, ctx).deliverUpdate({ helpdeskId: 'znuny', ticketId: p.ticketId }, `e-${p.ticketId}`),
      'deliver-update': async (p, ctx) => {
        const job = await env.queues.queue('reflect').getJob(ctx.jobId);
        priorities.push([p.ticketId, job?.opts.priority]);
      },
    });
    await env.queues.enqueue('poll-helpdesk', { helpdeskId: 'znuny' });
    await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: 'from-webhook' });
    await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: 'from-backfill' }, { urgency: 'bulk' });
    await waitFor(() => priorities.length === 3, 'three deliveries');
    expect(Object.fromEntries(priorities)).toEqual({ 'from-webhook': undefined, 'from-poll': 1, 'from-backfill': 2 });
  });
});

describe('a person joining bulk work', () => {
  let env: JobEnv;
  // No coalescing window: the jobs are all due when the worker starts. Its own environment: closing a shared one
  // mid-test raises unhandled connection errors.
  beforeEach(() => {
    env = jobEnv('priorities-join', { coalesceMs: 0 });
  });
  afterEach(() => env.cleanup());

  it('a person’s change to a ticket whose backfill job is waiting makes that one job run at the person’s pace', async () => {
    const runs: string[] = [];
    for (let i = 1; i <= 50; i++) await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: `t${i}` }, { urgency: 'bulk' });
    const joined = await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: 't40' });
    const again = await env.queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: 't40' }, { urgency: 'bulk' });
    expect(again.id).toBe(joined.id);
    env.start({ 'mirror-ticket': async (p) => void runs.push(p.ticketId) }, { concurrency: 1 });
    await waitFor(() => runs.length === 50, 'all mirrored');
    expect(runs[0]).toBe('t40');
    expect(runs.filter((t) => t === 't40')).toHaveLength(1);
    expect(runs.slice(1, 4)).toEqual(['t1', 't2', 't3']);
  });
});
