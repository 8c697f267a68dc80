import { deliverUpdates } from '../../../src/sync/reflect/deliver-update';
import { emitUpdate, emitUpdates } from '../../../src/sync/shared/emit-update';
import { helpdeskNoteEchoKey } from '../../../src/sync/shared/echo-keys';
import { messageFingerprint } from '../../../src/sync/shared/text';
import { mirrorTicket } from '../../../src/sync/mirror/mirror-ticket';
import { InputError } from '../../../src/plugin-sdk';
import { makeEngine } from '../../support/fakes/engine';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

const key = { helpdeskId: 'znuny', ticketId: '17' };

async function queued(e: ReturnType<typeof makeEngine>, note = 'ERP ticket HD-1 is now closed') {
  await emitUpdate(e.deps, key, { eventId: 'erp.status_changed:1:8:0', type: 'erp.status_changed', data: { erpStatus: 8 }, state: 'closed', note });
  return 'erp.status_changed:1:8:0';
}

describe('deliverUpdate', () => {
  it('writes a queued update to the helpdesk once, however often the job runs', async () => {
    const e = makeEngine();
    const eventId = await queued(e);
    // Reported again before its delivery: stored once, its delivery queued again.
    await emitUpdate(e.deps, key, { eventId, type: 'erp.status_changed', data: {}, state: 'closed' });
    expect(e.outbox.ofType('erp.status_changed')).toHaveLength(1);
    expect(e.scheduler.deliveries).toHaveLength(2);

    expect(await deliverUpdates(key, [eventId], e.deps)).toEqual(['delivered']);
    expect(await deliverUpdates(key, [eventId], e.deps)).toEqual(['already-delivered']);
    // Reported once more after it was delivered: nothing to queue.
    await emitUpdate(e.deps, key, { eventId, type: 'erp.status_changed', data: {}, state: 'closed' });
    expect(e.scheduler.deliveries).toHaveLength(2);

    expect(e.helpdesk.delivered).toEqual([expect.objectContaining({ eventId, ticketId: '17', state: 'closed' })]);
  });

  it('delivers an update whose run stopped after storing it, once a run reports it again', async () => {
    const e = makeEngine();
    const note = 'ERP ticket HD-1 is now closed';
    const report = {
      eventId: 'erp.status_changed:1:8:0',
      type: 'erp.status_changed' as const,
      data: { erpStatus: 8 },
      state: 'closed' as const,
      note,
    };
    // The run stored it and was killed before marking its note and queueing its delivery.
    const echoMark = e.deps.echo.mark.bind(e.deps.echo);
    e.deps.echo.mark = async () => {
      throw new Error('killed');
    };
    await expect(emitUpdate(e.deps, key, report)).rejects.toThrow('killed');
    e.deps.echo.mark = echoMark;
    expect(e.scheduler.deliveries).toEqual([]);

    // The run that takes over reports the same fact; the ticket's last note being this one, its own report has none.
    await e.deps.lastNotes.set(key, messageFingerprint(note));
    await emitUpdate(e.deps, key, report);
    expect(e.scheduler.deliveries).toEqual([{ key, eventId: report.eventId }]);
    expect(await deliverUpdates(key, [report.eventId], e.deps)).toEqual(['delivered']);
    expect(e.helpdesk.delivered).toEqual([expect.objectContaining({ eventId: report.eventId, note })]);
    // The stored note is marked now: when the helpdesk shows it as a new article, it is not mirrored to the ERP.
    expect(await e.deps.echo.consume(helpdeskNoteEchoKey('znuny', '17', note))).toBe(true);
  });

  it('queues updates reported together in their order, keeps their notes from coming back, and skips one delivered', async () => {
    const e = makeEngine();
    const delivered = await queued(e, 'Closed in the ERP');
    await deliverUpdates(key, [delivered], e.deps);
    const note = 'Spare part ordered';
    await emitUpdates(e.deps, key, [
      { eventId: 'erp.message_added:5', type: 'erp.message_added', data: {}, note },
      { eventId: delivered, type: 'erp.status_changed', data: {}, state: 'closed' },
      { eventId: 'contract.resolved:17:1', type: 'contract.resolved', data: {} },
    ]);
    expect(e.scheduler.deliveries.slice(1).map((d) => d.eventId)).toEqual(['erp.message_added:5', 'contract.resolved:17:1']);
    expect(await e.deps.lastNotes.get(key)).toBe(messageFingerprint(note));
    expect(await e.deps.echo.consume(helpdeskNoteEchoKey('znuny', '17', note))).toBe(true);
  });

  it('delivers again after the helpdesk failed, and only then counts it delivered', async () => {
    const e = makeEngine();
    const eventId = await queued(e);
    const deliver = e.deps.adapters.get('znuny')!.deliver!;
    e.deps.adapters.get('znuny')!.deliver = async () => {
      throw new Error('helpdesk timeout');
    };
    await expect(deliverUpdates(key, [eventId], e.deps)).rejects.toThrow('helpdesk timeout');
    expect((await e.outbox.stored(key, eventId)).delivered).toBe(false);
    e.deps.adapters.get('znuny')!.deliver = deliver;

    expect(await deliverUpdates(key, [eventId], e.deps)).toEqual(['delivered']);
    expect(e.helpdesk.delivered).toHaveLength(1);
  });

  it("delivers a ticket's updates in their order, and stops at the first the helpdesk refuses", async () => {
    const e = makeEngine();
    const first = await queued(e);
    await emitUpdate(e.deps, key, { eventId: 'erp.message_added:5', type: 'erp.message_added', data: {}, note: 'Spare part ordered' });
    await emitUpdate(e.deps, key, { eventId: 'duration.updated:1:600', type: 'duration.updated', data: {}, note: '10 min' });
    const adapter = e.deps.adapters.get('znuny')!;
    const deliver = adapter.deliver!;
    adapter.deliver = async (u) => {
      if (u.eventId === 'erp.message_added:5') throw new Error('helpdesk timeout');
      return deliver(u);
    };
    const all = [first, 'erp.message_added:5', 'duration.updated:1:600'];
    await expect(deliverUpdates(key, all, e.deps)).rejects.toThrow('helpdesk timeout');
    expect(e.helpdesk.delivered.map((u) => u.eventId)).toEqual([first]);
    adapter.deliver = deliver;
    expect(await deliverUpdates(key, all, e.deps)).toEqual(['already-delivered', 'delivered', 'delivered']);
    expect(e.helpdesk.delivered.map((u) => u.eventId)).toEqual(all);
  });

  it('records the articles the write created, so they are not mirrored back to the ERP', async () => {
    const e = makeEngine();
    e.helpdesk.deliverResult = () => ({ createdArticleIds: ['a77'] });
    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17' })));
    await mirrorTicket(key, e.deps);
    const eventId = await queued(e, 'A note worded differently by the helpdesk');
    await deliverUpdates(key, [eventId], e.deps);
    expect((await e.links.getArticleLinks(key)).get('a77') ?? null).toBe(0);

    e.helpdesk.put(snapshot(helpdeskTicket({ id: '17' }), [article('a77', 'The helpdesk rendered the note its own way')]));
    await mirrorTicket(key, e.deps);

    expect(e.erp.messages).toEqual([]);
  });

  it('fails with an InputError naming the event when the stored update is gone', async () => {
    const e = makeEngine();
    const err = await deliverUpdates(key, ['erp.message_added:999'], e.deps).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('erp.message_added:999');
    expect(e.helpdesk.delivered).toEqual([]);
  });

  it('queues nothing for a helpdesk that takes no updates', async () => {
    const e = makeEngine({ caps: ['fetch'] });
    expect(await emitUpdate(e.deps, key, { eventId: 'x', type: 'erp.status_changed', data: {} })).toBe(false);
    expect(e.outbox.updates.size).toBe(0);
    expect(e.scheduler.deliveries).toEqual([]);
  });
});

describe('deliverUpdate to a helpdesk that takes several updates in one call', () => {
  async function threeQueued(e: ReturnType<typeof makeEngine>): Promise<string[]> {
    const first = await queued(e);
    await emitUpdate(e.deps, key, { eventId: 'erp.message_added:5', type: 'erp.message_added', data: {}, note: 'Spare part ordered' });
    await emitUpdate(e.deps, key, { eventId: 'duration.updated:1:600', type: 'duration.updated', data: {}, note: '10 min' });
    return [first, 'erp.message_added:5', 'duration.updated:1:600'];
  }

  it("writes a ticket's pending updates in one call, in their order, and counts each delivered", async () => {
    const e = makeEngine({ caps: ['fetch', 'deliver', 'deliverMany'] });
    const all = await threeQueued(e);
    await e.outbox.markDelivered(key, all[0]);

    expect(await deliverUpdates(key, all, e.deps)).toEqual(['already-delivered', 'delivered', 'delivered']);
    expect(e.helpdesk.deliveredTogether).toEqual([[all[1], all[2]]]);
    expect(e.helpdesk.delivered.map((u) => u.eventId)).toEqual([all[1], all[2]]);
    expect(await deliverUpdates(key, all, e.deps)).toEqual(['already-delivered', 'already-delivered', 'already-delivered']);
    expect(e.helpdesk.deliveredTogether).toHaveLength(1);
  });

  it('records the articles the call created and the state it set', async () => {
    const e = makeEngine({ caps: ['fetch', 'deliver', 'deliverMany'] });
    e.helpdesk.deliverResult = (u) => ({ createdArticleIds: [`article-of-${u.eventId}`] });
    const all = await threeQueued(e);
    await deliverUpdates(key, all, e.deps);
    const links = await e.links.getArticleLinks(key);
    expect([...links.keys()].sort()).toEqual(all.map((id) => `article-of-${id}`).sort());
    expect(await e.deps.helpdeskState.getDelivered(key)).toBe('closed');
  });

  it('counts none delivered when the call fails, and writes them all again on the retry', async () => {
    const e = makeEngine({ caps: ['fetch', 'deliver', 'deliverMany'] });
    const all = await threeQueued(e);
    const adapter = e.deps.adapters.get('znuny')!;
    const deliverMany = adapter.deliverMany!;
    adapter.deliverMany = async () => {
      throw new Error('helpdesk timeout');
    };
    await expect(deliverUpdates(key, all, e.deps)).rejects.toThrow('helpdesk timeout');
    for (const id of all) expect((await e.outbox.stored(key, id)).delivered).toBe(false);
    adapter.deliverMany = deliverMany;

    expect(await deliverUpdates(key, all, e.deps)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(e.helpdesk.deliveredTogether).toEqual([all]);
  });

  it('uses the one-update call for a single pending update', async () => {
    const e = makeEngine({ caps: ['fetch', 'deliver', 'deliverMany'] });
    const eventId = await queued(e);
    expect(await deliverUpdates(key, [eventId], e.deps)).toEqual(['delivered']);
    expect(e.helpdesk.deliveredTogether).toEqual([]);
    expect(e.helpdesk.delivered.map((u) => u.eventId)).toEqual([eventId]);
  });

  it('writes the updates before one no longer stored together, then fails naming it', async () => {
    const e = makeEngine({ caps: ['fetch', 'deliver', 'deliverMany'] });
    const all = await threeQueued(e);
    const err = await deliverUpdates(key, [all[0], all[1], 'erp.message_added:999', all[2]], e.deps).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('erp.message_added:999');
    expect(e.helpdesk.deliveredTogether).toEqual([[all[0], all[1]]]);
    expect((await e.outbox.stored(key, all[2])).delivered).toBe(false);
  });
});
