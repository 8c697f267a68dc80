import { devEscalationConfigSchema } from '../../../src/config/dev-escalation-schema';
import { JobAdmin } from '../../../src/jobs';
import { QueueDeadlinePlanner } from '../../../src/jobs/deadline-planner';
import { createHandlers } from '../../../src/jobs/handlers';
import { InvalidRequestError, ServerError } from '../../../src/plugin-sdk';
import { RedisDevIssueLinkStore, RedisOnceStore } from '../../../src/store';
import { makeEngine } from '../../support/fakes/engine';
import { helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';
import { FakeDevTracker } from '../../support/fakes/dev-tracker';
import { jobEnv, waitFor, type JobEnv } from './job-env';

const key = { helpdeskId: 'znuny', ticketId: '7' };
const NUMBER = '2026112010000071';
const trackerError = { system: 'projeqtor', method: 'POST', path: '/api/Ticket' };

describe('development issue links (real Redis)', () => {
  let env: JobEnv;
  beforeEach(() => {
    env = jobEnv('dev-links');
  });
  afterEach(() => env.cleanup());

  it('keeps the link with its dates, and finds the ticket from the issue', async () => {
    const store = new RedisDevIssueLinkStore(env.redis, env.keys);
    const link = {
      trackerId: 'pq',
      issueId: '12',
      reference: '12',
      url: 'https://pq.example/12',
      helpdeskNumber: '2026112010000071',
      createdAt: new Date('2026-11-20T12:00:00Z'),
      dueAt: new Date('2026-11-27T12:00:00Z'),
    };
    expect(await store.get(key)).toBeNull();
    await store.save(key, link);
    await store.save(key, { ...link, doneAt: new Date('2026-11-22T08:00:00Z'), doneCategory: 'done' });
    expect(await new RedisDevIssueLinkStore(env.connection(false), env.keys).get(key)).toEqual({
      ...link,
      doneAt: new Date('2026-11-22T08:00:00Z'),
      doneCategory: 'done',
    });
    expect(await store.ticketOfIssue('pq', '12')).toEqual(key);
    expect(await store.ticketOfIssue('pq', '13')).toBeNull();
  });
});

describe('dev-escalate and dev-issue-check jobs (real Redis, workers)', () => {
  let env: JobEnv;
  let tracker: FakeDevTracker;
  let engine: ReturnType<typeof makeEngine>;
  let links: RedisDevIssueLinkStore;

  function setup(config: Record<string, unknown> = {}) {
    engine = makeEngine();
    engine.deps.now = () => new Date();
    engine.deps.once = new RedisOnceStore(env.redis, env.keys);
    tracker = new FakeDevTracker('projeqtor');
    links = new RedisDevIssueLinkStore(env.redis, env.keys);
    engine.deps.devEscalation = {
      config: devEscalationConfigSchema.parse({ enabled: true, tracker: 'projeqtor', helpdesks: { znuny: { marks: [{ type: 'Bug' }] } }, ...config }),
      tracker,
      links,
      planner: new QueueDeadlinePlanner(env.queues, env.redis, env.keys, () => new Date()),
    };
    engine.helpdesk.put(snapshot(helpdeskTicket({ id: '7', number: NUMBER, type: 'Bug' })));
    const handlers = createHandlers(engine.deps, env.queues);
    env.start({ 'dev-escalate': handlers['dev-escalate'], 'dev-issue-check': handlers['dev-issue-check'] });
  }

  const finished = async (id: string) => {
    await waitFor(async () => (await env.queues.queue('mirror').getJob(id))?.finishedOn !== undefined, `job ${id} finished`);
    return (await env.queues.queue('mirror').getJob(id))!;
  };

  beforeEach(() => {
    env = jobEnv('dev-jobs', { coalesceMs: 0, attempts: 4, backoffMs: 20 });
  });
  afterEach(() => env.cleanup());

  it('creates one issue when the escalation is asked three times, at once and after it ran', async () => {
    setup();
    const first = await Promise.all([1, 2].map(() => env.queues.enqueue('dev-escalate', key)));
    await Promise.all(first.map((j) => finished(j.id)));
    const again = await env.queues.enqueue('dev-escalate', key);
    await finished(again.id);
    expect(tracker.created).toHaveLength(1);
    expect(engine.outbox.ofType('dev_issue.created')).toHaveLength(1);
    expect(await links.ticketOfIssue('projeqtor', '1')).toEqual(key);
  });

  it('retries a tracker outage and an answer lost after the create, still with one issue', async () => {
    setup();
    tracker.failNext.push(new ServerError('503 Service Unavailable', { ...trackerError, status: 503, transient: true }));
    tracker.loseNextCreateAnswer = true;
    const job = await finished((await env.queues.enqueue('dev-escalate', key)).id);
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBeGreaterThanOrEqual(2);
    expect(tracker.created).toHaveLength(1);
    expect((await links.get(key))!.issueId).toBe('1');
    expect(env.logs.filter((l) => l.message === 'job failed: will retry')).toHaveLength(2);
  });

  it('fails a refused create at once and lists it with the other failed jobs', async () => {
    setup();
    tracker.failNext.push(
      new InvalidRequestError('idProject is mandatory', { ...trackerError, status: 200, remoteMessage: 'idProject is mandatory' }),
    );
    const job = await finished((await env.queues.enqueue('dev-escalate', key)).id);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    const [failed] = await new JobAdmin(env.queues).listFailed();
    expect(failed).toMatchObject({ name: 'dev-escalate', payload: key, reason: expect.stringContaining('idProject is mandatory') });
    expect(await links.get(key)).toBeNull();
  });

  it('reminds the agent when the due date passes with the issue open, and plans the next reminder', async () => {
    setup({ dueAfter: '1s', chaseEvery: '1h' });
    await finished((await env.queues.enqueue('dev-escalate', key)).id);
    const delayed = await env.queues.queue('mirror').getDelayed();
    expect(delayed.map((j) => j.name)).toEqual(['dev-issue-check']);
    await waitFor(() => engine.outbox.ofType('dev_issue.overdue').length === 1, 'the reminder', 8000);
    await waitFor(async () => (await env.queues.queue('mirror').getDelayed()).length === 1, 'the next reminder planned');
    const next = (await env.queues.queue('mirror').getDelayed())[0]!;
    expect(next.name).toBe('dev-issue-check');
    expect(next.timestamp + next.delay).toBeGreaterThan(Date.now() + 3_500_000);
  });
});
