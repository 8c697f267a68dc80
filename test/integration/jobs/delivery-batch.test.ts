import { queueDeliveries } from '../../../src/jobs';
import { InputError } from '../../../src/plugin-sdk';
import { queueScheduler } from '../../../src/jobs/scheduler';
import { jobEnv, waitFor, type JobEnv } from './job-env';

describe("a job's helpdesk updates, delivered together once it is over", () => {
  let env: JobEnv;
  beforeEach(() => {
    env = jobEnv('delivery-batch');
  });
  afterEach(() => env.cleanup());

  const key = (ticketId: string) => ({ helpdeskId: 'znuny', ticketId });

  it('one delivery job per ticket, with its updates in order, run after the mirror run released the ticket', async () => {
    const deliveries: Array<{ ticketId: string; eventIds: string[] }> = [];
    env.start(
      {
        'mirror-ticket': async (p, ctx) => {
          const scheduler = queueScheduler(env.queues, ctx);
          await scheduler.deliverUpdate(key(p.ticketId), 'erp.ticket_linked:1');
          await scheduler.deliverUpdate(key(p.ticketId), 'contract.resolved:1');
          await scheduler.deliverUpdate(key(p.ticketId), 'erp.ticket_linked:1');
        },
        'deliver-update': async (p) => void deliveries.push({ ticketId: p.ticketId, eventIds: p.eventIds }),
      },
      { queueDeliveries: (batch, urgency) => queueDeliveries(env.queues, batch, urgency), lockBusyDelayMs: 5_000 },
    );
    await env.queues.enqueue('mirror-ticket', key('7'));
    await waitFor(() => deliveries.length === 1 && env.idle(), 'the delivery');
    expect(deliveries).toEqual([{ ticketId: '7', eventIds: ['erp.ticket_linked:1', 'contract.resolved:1'] }]);
    // Queued after the lock was released: it never met it.
    expect(env.logs.filter((l) => l.message === 'job postponed: ticket busy')).toEqual([]);
  });

  it('delivers what a failing job stored before it failed, with the urgency of that job', async () => {
    const delivered: Array<[string[], number | undefined]> = [];
    env.start(
      {
        'mirror-ticket': async (p, ctx) => {
          const scheduler = queueScheduler(env.queues, ctx);
          await scheduler.deliverUpdate(key(p.ticketId), 'ticket.refused:1');
          throw new Error('Dolibarr refused the ticket');
        },
        'deliver-update': async (p, ctx) => {
          const job = await env.queues.queue('reflect').getJob(ctx.jobId);
          delivered.push([p.eventIds, job?.opts.priority]);
        },
      },
      { queueDeliveries: (batch, urgency) => queueDeliveries(env.queues, batch, urgency) },
    );
    await env.queues.enqueue('mirror-ticket', key('8'), { urgency: 'bulk' });
    await waitFor(() => delivered.length === 1, 'the delivery');
    expect(delivered).toEqual([[['ticket.refused:1'], 2]]);
  });

  it("reports a failed job's own error when its updates cannot be queued either", async () => {
    env.start(
      {
        'mirror-ticket': async (p, ctx) => {
          const scheduler = queueScheduler(env.queues, ctx);
          await scheduler.deliverUpdate(key(p.ticketId), 'ticket.refused:1');
          throw new InputError('Dolibarr refused the ticket: subject too long');
        },
      },
      { queueDeliveries: () => Promise.reject(new Error('Redis went away')) },
    );
    const { id } = await env.queues.enqueue('mirror-ticket', key('10'));
    await waitFor(async () => (await env.queues.queue('mirror').getJobState(id)) === 'failed', 'the job failed');
    expect((await env.queues.queue('mirror').getJob(id))?.failedReason).toMatch(/subject too long/);
    expect(env.logs.filter((l) => l.message === "a failed job's updates for the helpdesk were not queued")).toHaveLength(1);
  });

  describe('delivered in place, before the job releases its ticket', () => {
    const deliveryJobs = async () =>
      (await env.queues.queue('reflect').getJobs(['waiting', 'prioritized', 'active', 'completed'])).map((j) => j.data as unknown);

    it("delivers the job's own ticket's updates in order while it holds the lock, and queues no delivery job", async () => {
      const delivered: Array<{ ticketId: string; eventIds: string[]; locked: boolean }> = [];
      env.start(
        {
          'mirror-ticket': async (p, ctx) => {
            const scheduler = queueScheduler(env.queues, ctx);
            await scheduler.deliverUpdate(key(p.ticketId), 'erp.ticket_linked:1');
            await scheduler.deliverUpdate(key(p.ticketId), 'contract.resolved:1');
          },
        },
        {
          queueDeliveries: (batch, urgency) => queueDeliveries(env.queues, batch, urgency),
          deliverInPlace: async ({ key: k, eventIds }) => {
            const locked = await env.locks.isLocked(`ticket:${k.helpdeskId}:${k.ticketId}`);
            delivered.push({ ticketId: k.ticketId, eventIds, locked });
          },
        },
      );
      await env.queues.enqueue('mirror-ticket', key('11'));
      await waitFor(async () => delivered.length === 1 && (await env.idle()), 'the delivery');
      expect(delivered).toEqual([{ ticketId: '11', eventIds: ['erp.ticket_linked:1', 'contract.resolved:1'], locked: true }]);
      expect(await deliveryJobs()).toEqual([]);
    });

    it('queues a delivery job for what it could not deliver, and for updates of another ticket', async () => {
      const queued: Array<{ ticketId: string; eventIds: string[] }> = [];
      env.start(
        {
          'mirror-ticket': async (p, ctx) => {
            const scheduler = queueScheduler(env.queues, ctx);
            await scheduler.deliverUpdate(key(p.ticketId), 'erp.ticket_linked:1');
            await scheduler.deliverUpdate(key('merged-into'), 'ticket.merged:1');
          },
          'deliver-update': async (p) => void queued.push({ ticketId: p.ticketId, eventIds: p.eventIds }),
        },
        {
          queueDeliveries: (batch, urgency) => queueDeliveries(env.queues, batch, urgency),
          deliverInPlace: () => Promise.reject(new Error('helpdesk POST failed: 503')),
        },
      );
      await env.queues.enqueue('mirror-ticket', key('12'));
      await waitFor(async () => queued.length === 2 && (await env.idle()), 'the delivery jobs');
      expect(queued.sort((a, b) => a.ticketId.localeCompare(b.ticketId))).toEqual([
        { ticketId: '12', eventIds: ['erp.ticket_linked:1'] },
        { ticketId: 'merged-into', eventIds: ['ticket.merged:1'] },
      ]);
      expect(env.logs.filter((l) => l.message === 'helpdesk updates not delivered in place; queued for a retry')).toEqual([
        expect.objectContaining({ ticketId: '12', error: expect.objectContaining({ message: expect.stringMatching(/503/) }) }),
      ]);
    });

    it('a job that failed delivers nothing in place: its updates go to a delivery job', async () => {
      const inPlace: string[][] = [];
      const queued: string[][] = [];
      env.start(
        {
          'mirror-ticket': async (p, ctx) => {
            const scheduler = queueScheduler(env.queues, ctx);
            await scheduler.deliverUpdate(key(p.ticketId), 'ticket.refused:1');
            throw new InputError('Dolibarr refused the ticket: subject too long');
          },
          'deliver-update': async (p) => void queued.push(p.eventIds),
        },
        {
          queueDeliveries: (batch, urgency) => queueDeliveries(env.queues, batch, urgency),
          deliverInPlace: async ({ eventIds }) => void inPlace.push(eventIds),
        },
      );
      await env.queues.enqueue('mirror-ticket', key('13'));
      await waitFor(async () => queued.length === 1 && (await env.idle()), 'the delivery job');
      expect(queued).toEqual([['ticket.refused:1']]);
      expect(inPlace).toEqual([]);
    });
  });

  it('outside a job (an HTTP request), an update is queued at once', async () => {
    await queueScheduler(env.queues).deliverUpdate(key('9'), 'e-now');
    const jobs = await env.queues.queue('reflect').getJobs(['waiting', 'prioritized']);
    expect(jobs.map((j) => j.data as unknown)).toEqual([{ helpdeskId: 'znuny', ticketId: '9', eventIds: ['e-now'] }]);
  });
});
