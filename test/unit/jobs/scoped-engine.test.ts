import type { JobQueues } from '../../../src/jobs';
import { scopedEngine } from '../../../src/jobs';
import { DeliveryBatch } from '../../../src/jobs/delivery-batch';
import type { EngineDeps } from '../../../src/sync/shared/deps';

/** A JobQueues that records what is added, with which urgency. */
function recordingQueues() {
  const added: Array<{ name: string; payload: unknown; urgency: unknown }> = [];
  const queues = {
    enqueue: async (name: string, payload: unknown, opts: { urgency?: unknown } = {}) => {
      added.push({ name, payload, urgency: opts.urgency });
      return { queue: 'mirror', name, id: String(added.length) };
    },
  } as unknown as JobQueues;
  return { queues, added };
}

describe("the engine as a job's scope sees it", () => {
  const key = { helpdeskId: 'znuny', ticketId: '7' };
  let mapping = { version: 1 };
  const logger = { info: () => undefined };
  const shared = {
    logger,
    get mapping() {
      return mapping;
    },
    scheduler: { mirrorTicket: () => Promise.reject(new Error('the shared scheduler must not be used in a job')) },
  } as unknown as EngineDeps;

  it('queues the work it causes with the urgency of the job, and leaves the shared engine as it was', async () => {
    const { queues, added } = recordingQueues();
    const engine = scopedEngine(shared, queues)({ urgency: 'bulk' });
    await engine.scheduler.mirrorTicket(key);
    await engine.scheduler.deliverUpdate(key, 'erp.ticket_linked:1');
    expect(added).toEqual([
      { name: 'mirror-ticket', payload: key, urgency: 'bulk' },
      { name: 'deliver-update', payload: { ...key, eventIds: ['erp.ticket_linked:1'] }, urgency: 'bulk' },
    ]);
    expect(engine.logger).toBe(logger);
    await expect(shared.scheduler.mirrorTicket(key)).rejects.toThrow(/shared scheduler/);
  });

  it("collects the job's helpdesk updates in its batch instead of queueing them", async () => {
    const { queues, added } = recordingQueues();
    const kept: unknown[] = [];
    const deliveries = new DeliveryBatch(async (batch) => void kept.push(batch), []);
    await scopedEngine(shared, queues)({ urgency: 'person', deliveries }).scheduler.deliverUpdate(key, 'contract.resolved:1');
    expect(added).toEqual([]);
    expect(deliveries.take()).toEqual([{ key, eventIds: ['contract.resolved:1'] }]);
  });

  it('keeps the updates added together in one write, each later one in a write of its own, and none held already', async () => {
    const kept: unknown[] = [];
    const batch = new DeliveryBatch(async (b) => void kept.push(structuredClone(b)), []);
    await Promise.all([batch.add(key, 'erp.ticket_linked:1'), batch.add(key, 'contract.resolved:1')]);
    await batch.add(key, 'duration.updated:1');
    await batch.add(key, 'duration.updated:1');
    expect(kept).toEqual([
      [{ key, eventIds: ['erp.ticket_linked:1', 'contract.resolved:1'] }],
      [{ key, eventIds: ['erp.ticket_linked:1', 'contract.resolved:1', 'duration.updated:1'] }],
    ]);
  });

  it('sees the engine as it is when the job starts, not as it was when the service started (the admin page changes the mapping)', () => {
    const { queues } = recordingQueues();
    const engineOf = scopedEngine(shared, queues);
    mapping = { version: 2 };
    const now = () => new Date('2026-12-05T23:00:00Z');
    Object.assign(shared, { now });
    const engine = engineOf({ urgency: 'person' });
    expect(engine.mapping).toEqual({ version: 2 });
    expect(engine.now).toBe(now);
  });
});
