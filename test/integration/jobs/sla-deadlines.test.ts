import { QueueDeadlinePlanner } from '../../../src/jobs/deadline-planner';
import { RedisStateHistoryStore } from '../../../src/store';
import { jobEnv, waitFor, type JobEnv } from './job-env';

const key = { helpdeskId: 'znuny', ticketId: '7' };

describe('service-level deadlines as delayed jobs (real Redis)', () => {
  let env: JobEnv;
  let planner: QueueDeadlinePlanner;
  beforeEach(() => {
    env = jobEnv('sla-deadlines');
    planner = new QueueDeadlinePlanner(env.queues, env.redis, env.keys, () => new Date());
  });
  afterEach(() => env.cleanup());

  const delayed = async () => (await env.queues.queue('mirror').getDelayed()).map((j) => j.id);

  it('runs one sla-check for the ticket, not before the planned instant', async () => {
    const runs: Array<{ ticketId: string; at: number }> = [];
    env.start({ 'sla-check': async (p) => void runs.push({ ticketId: p.ticketId, at: Date.now() }) });
    const at = new Date(Date.now() + 200);
    await planner.plan(key, 'resolution', at);
    await planner.plan(key, 'resolution', at);
    expect(await delayed()).toHaveLength(1);
    await waitFor(() => runs.length === 1, 'the deadline job');
    expect(runs[0]!.ticketId).toBe('7');
    expect(runs[0]!.at).toBeGreaterThanOrEqual(at.getTime());
    await waitFor(() => env.idle(), 'queues idle');
    expect(runs).toHaveLength(1);
  });

  it('replaces the plan of a slot when the ticket changes, and keeps the slots apart', async () => {
    await planner.plan(key, 'resolution', new Date(Date.now() + 60_000));
    await planner.plan(key, 'first-response', new Date(Date.now() + 30_000));
    const later = new Date(Date.now() + 90_000);
    await planner.plan(key, 'resolution', later);
    const ids = await delayed();
    expect(ids).toHaveLength(2);
    expect(ids).toContain(`sla|znuny|7|resolution|${later.getTime()}`);
    expect(ids.filter((id) => id!.includes('|resolution|'))).toHaveLength(1);
  });

  it('cancels a plan when the target no longer runs', async () => {
    await planner.plan(key, 'escalation', new Date(Date.now() + 60_000));
    await planner.plan({ helpdeskId: 'znuny', ticketId: '8' }, 'escalation', new Date(Date.now() + 60_000));
    await planner.plan(key, 'escalation', null);
    expect(await delayed()).toEqual([expect.stringContaining('sla|znuny|8|escalation|')]);
  });

  it('plans again after a deadline fired (the fired job does not block the id)', async () => {
    const runs: number[] = [];
    env.start({ 'sla-check': async () => void runs.push(Date.now()) });
    await planner.plan(key, 'first-response', new Date(Date.now() + 50));
    await waitFor(() => runs.length === 1, 'first deadline');
    await planner.plan(key, 'first-response', new Date(Date.now() + 50));
    await waitFor(() => runs.length === 2, 'second deadline');
  });
});

describe('recorded state history (real Redis)', () => {
  let env: JobEnv;
  beforeEach(() => {
    env = jobEnv('sla-history');
  });
  afterEach(() => env.cleanup());

  it('keeps changes only, ignores an older snapshot, and survives a new connection', async () => {
    const store = new RedisStateHistoryStore(env.redis, env.keys);
    const t = (m: number) => new Date(Date.UTC(2026, 10, 3, 9, m));
    await store.record(key, { at: t(0), stateCategory: 'new' });
    await store.record(key, { at: t(5), stateCategory: 'new' });
    await store.record(key, { at: t(10), stateCategory: 'open' });
    await store.record(key, { at: t(7), stateCategory: 'waiting_customer' });
    const history = await new RedisStateHistoryStore(env.connection(false), env.keys).record(key, { at: t(20), stateCategory: 'resolved' });
    expect(history).toEqual([
      { at: t(0), stateCategory: 'new' },
      { at: t(10), stateCategory: 'open' },
      { at: t(20), stateCategory: 'resolved' },
    ]);
  });
});
