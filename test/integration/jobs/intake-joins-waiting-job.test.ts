import { createIntake } from '../../../src/jobs/intake';
import type { InboundEvent } from '../../../src/plugin-sdk';
import { RedisOnceStore, RedisSnapshotStore } from '../../../src/store';
import type { TicketKey } from '../../../src/sync/ports';
import { queueScheduler } from '../../../src/jobs/scheduler';
import type { Urgency } from '../../../src/jobs/urgency';
import { roundTripsDuring } from '../store/round-trips';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';
import { jobEnv, type JobEnv } from './job-env';

/**
 * A ticket's events come in bursts (created, then its first articles); all but the first find the ticket's mirror job
 * still waiting. Such an event is stored, checked against the ids seen and marked seen in one round trip, and the
 * waiting job reads what it brought. Four or five round trips each, it was most of the intake's Redis traffic.
 */
describe('intake: an event that joins its ticket’s waiting mirror job', () => {
  let env: JobEnv;
  const key: TicketKey = { helpdeskId: 'webhook', ticketId: '41' };
  const created: InboundEvent = {
    type: 'ticket.upserted',
    eventId: 'e-created',
    snapshot: snapshot(helpdeskTicket({ id: '41', helpdeskId: 'webhook' })),
  };
  const added = (id: string, body = `reply ${id}`): InboundEvent => ({
    type: 'article.added',
    ticketId: '41',
    eventId: `e-${id}`,
    article: article(id, body),
  });

  /** The intake as a webhook (a person) uses it, or as bulk work would queue through it. */
  function setup(urgency: Urgency = 'person') {
    const snapshots = new RedisSnapshotStore(env.redis, env.keys);
    const once = new RedisOnceStore(env.redis, env.keys);
    const intake = createIntake({
      snapshots,
      once,
      scheduler: queueScheduler(env.queues, { urgency }),
      accountCaches: { invalidate: async () => undefined },
      concurrency: 4,
      waitingMirror: (k) => env.queues.waitingJob('mirror-ticket', { helpdeskId: k.helpdeskId, ticketId: k.ticketId }, urgency),
    });
    return { intake, snapshots, once };
  }

  const mirrorJobs = async () =>
    (await env.queues.queue('mirror').getJobs(['waiting', 'delayed', 'prioritized', 'active'])).filter((j) => j.name === 'mirror-ticket');
  const articleIds = async (snapshots: RedisSnapshotStore) => (await snapshots.get(key))?.snapshot?.articles.map((a) => a.id);

  beforeEach(() => {
    env = jobEnv('intake-join', { coalesceMs: 60_000 });
  });
  afterEach(() => env.cleanup());

  it('stores a later event of the burst and marks it seen in one round trip; the one waiting job carries it', async () => {
    const { intake, snapshots } = setup();
    expect(await intake.acceptHelpdeskEvents('webhook', [created])).toEqual({ queued: 1, duplicates: 0 });

    let answer: unknown;
    const trips = await roundTripsDuring(env.redis, async () => (answer = await intake.acceptHelpdeskEvents('webhook', [added('a1')])));

    expect(trips).toBe(1);
    expect(answer).toEqual({ queued: 1, duplicates: 0 });
    expect(await mirrorJobs()).toHaveLength(1);
    expect(await articleIds(snapshots)).toEqual(['a1']);
    // Seen: the helpdesk's retry of the same delivery is a duplicate and changes nothing.
    expect(await intake.acceptHelpdeskEvents('webhook', [added('a1', 'changed on retry')])).toEqual({ queued: 0, duplicates: 1 });
    expect((await snapshots.get(key))?.snapshot?.articles[0].body).toBe('reply a1');
  });

  it('a duplicate of the first event is refused in that same step, before anything is written', async () => {
    const { intake } = setup();
    await intake.acceptHelpdeskEvents('webhook', [created]);
    let answer: unknown;
    const trips = await roundTripsDuring(env.redis, async () => (answer = await intake.acceptHelpdeskEvents('webhook', [created])));
    expect(answer).toEqual({ queued: 0, duplicates: 1 });
    expect(trips).toBe(1);
  });

  it('does not join a job that is running: the event is queued for the run after it (BullMQ keeps it), and marked seen', async () => {
    const { intake, once, snapshots } = setup();
    await intake.acceptHelpdeskEvents('webhook', [created]);
    const [job] = await mirrorJobs();
    // As a worker that took the job: its id in the active list.
    await env.redis.lpush(env.queues.queue('mirror').keys.active, job.id!);

    expect(await intake.acceptHelpdeskEvents('webhook', [added('a2')])).toEqual({ queued: 1, duplicates: 0 });

    expect(await env.redis.exists(`${env.queues.queue('mirror').keys.de.replace(/:de$/, '')}:dn:mirror-ticket:webhook:41`)).toBe(1);
    expect(await once.hasRecent('inbound', key, 'e-a2', 3600)).toBe(true);
    expect(await articleIds(snapshots)).toEqual(['a2']);
  });

  it('does not join bulk work waiting for the ticket: the joint job is raised to the person’s priority', async () => {
    const { intake } = setup();
    await setup('bulk').intake.acceptHelpdeskEvents('webhook', [created]);
    expect((await mirrorJobs())[0].opts.priority).toBe(2);

    expect(await intake.acceptHelpdeskEvents('webhook', [added('a3')])).toEqual({ queued: 1, duplicates: 0 });

    const jobs = await mirrorJobs();
    expect(jobs).toHaveLength(1);
    expect((await env.queues.queue('mirror').getJob(jobs[0].id!))?.priority ?? 0).toBe(0);
  });

  it('an event that changes nothing stored (an article already there) is checked, queued and marked seen, and not written twice', async () => {
    const { intake, once } = setup();
    await intake.acceptHelpdeskEvents('webhook', [created, added('a1')]);
    const again: InboundEvent = { ...added('a1'), eventId: 'e-again' };

    let answer: unknown;
    // On the store's connection: the merge finds nothing to write (one read), then the seen check and the mark.
    const trips = await roundTripsDuring(env.redis, async () => (answer = await intake.acceptHelpdeskEvents('webhook', [again])));

    expect(answer).toEqual({ queued: 1, duplicates: 0 });
    expect(trips).toBe(3);
    expect(await mirrorJobs()).toHaveLength(1);
    expect(await once.hasRecent('inbound', key, 'e-again', 3600)).toBe(true);
  });

  it('after the job ran, an event of the ticket queues a new one', async () => {
    const { intake } = setup();
    await intake.acceptHelpdeskEvents('webhook', [created]);
    const [job] = await mirrorJobs();
    await job.remove();
    await env.queues.queue('mirror').removeDeduplicationKey('mirror-ticket:webhook:41');

    expect(await intake.acceptHelpdeskEvents('webhook', [added('a4')])).toEqual({ queued: 1, duplicates: 0 });
    expect(await mirrorJobs()).toHaveLength(1);
  });
});
