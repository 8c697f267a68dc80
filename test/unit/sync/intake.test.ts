import { createIntake } from '../../../src/jobs/intake';
import type { InboundEvent } from '../../../src/plugin-sdk';
import { CountingAccountCaches, MemoryOnce, MemorySnapshots, RecordingScheduler } from '../../support/fakes/ports';
import { article, helpdeskTicket, snapshot } from '../../support/fakes/helpdesk';

function setup(concurrency = 4) {
  const snapshots = new MemorySnapshots();
  const once = new MemoryOnce();
  const scheduler = new RecordingScheduler();
  const order: string[] = [];
  const apply = snapshots.apply.bind(snapshots);
  snapshots.apply = async (source, event) => {
    order.push(`apply:${event.type}`);
    return apply(source, event);
  };
  const mirror = scheduler.mirrorTicket.bind(scheduler);
  scheduler.mirrorTicket = async (key) => {
    order.push(`mirror:${key.ticketId}`);
    return mirror(key);
  };
  const accountCaches = new CountingAccountCaches();
  return { intake: createIntake({ snapshots, once, scheduler, accountCaches, concurrency }), snapshots, once, scheduler, accountCaches, order };
}

const upsert = (id: string, eventId?: string): InboundEvent => ({
  type: 'ticket.upserted',
  eventId,
  snapshot: snapshot(helpdeskTicket({ id, helpdeskId: 'webhook' })),
});

describe('intake of helpdesk events', () => {
  it('applies the pushed events, then requests one mirror per ticket', async () => {
    const { intake, snapshots, scheduler, order } = setup();
    const events: InboundEvent[] = [
      upsert('1', 'd1'),
      { type: 'article.added', ticketId: '1', article: article('a2', 'more details'), eventId: 'd2' },
      { type: 'ticket.changed', ticketId: '2', eventId: 'd3' },
    ];

    expect(await intake.acceptHelpdeskEvents('webhook', events)).toEqual({ queued: 2, duplicates: 0 });

    expect(order).toEqual(['apply:ticket.upserted', 'apply:article.added', 'mirror:1', 'mirror:2']);
    expect(scheduler.mirrors).toEqual([
      { helpdeskId: 'webhook', ticketId: '1' },
      { helpdeskId: 'webhook', ticketId: '2' },
    ]);
    expect((await snapshots.get({ helpdeskId: 'webhook', ticketId: '1' }))?.snapshot?.articles.map((a) => a.id)).toEqual(['a2']);
  });

  it('makes at most `concurrency` requests durable at once; the others wait their turn, first come first served', async () => {
    const { intake, snapshots } = setup(2);
    const apply = snapshots.apply.bind(snapshots);
    let running = 0;
    let mostAtOnce = 0;
    const started: string[] = [];
    const release: Array<() => void> = [];
    snapshots.apply = async (source, event) => {
      started.push(event.type === 'ticket.upserted' ? event.snapshot.ticket.id : '?');
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running -= 1;
      return apply(source, event);
    };
    const answers = ['1', '2', '3', '4', '5'].map((id) => intake.acceptHelpdeskEvents('webhook', [upsert(id, `d${id}`)]));
    const tick = () => new Promise((r) => setImmediate(r));
    await tick();
    expect(started).toEqual(['1', '2']);
    while (release.length) {
      release.shift()!();
      await tick();
    }
    await expect(Promise.all(answers)).resolves.toEqual(Array(5).fill({ queued: 1, duplicates: 0 }));
    expect(started).toEqual(['1', '2', '3', '4', '5']);
    expect(mostAtOnce).toBe(2);
  });

  it('answers the requests waiting their turn when one before them fails', async () => {
    const { intake, snapshots } = setup(1);
    const apply = snapshots.apply.bind(snapshots);
    snapshots.apply = async (source, event) => {
      if (event.type === 'ticket.upserted' && event.snapshot.ticket.id === '1') throw new Error('Redis down');
      return apply(source, event);
    };
    const first = intake.acceptHelpdeskEvents('webhook', [upsert('1', 'd1')]);
    const second = intake.acceptHelpdeskEvents('webhook', [upsert('2', 'd2')]);
    await expect(first).rejects.toThrow('Redis down');
    await expect(second).resolves.toEqual({ queued: 1, duplicates: 0 });
  });

  it('skips a delivery id it has already accepted', async () => {
    const { intake, snapshots, scheduler } = setup();
    await intake.acceptHelpdeskEvents('webhook', [upsert('1', 'd1')]);

    expect(await intake.acceptHelpdeskEvents('webhook', [upsert('1', 'd1'), upsert('3', 'd9')])).toEqual({ queued: 1, duplicates: 1 });

    expect(snapshots.applied).toHaveLength(2);
    expect(scheduler.mirrors.map((k) => k.ticketId)).toEqual(['1', '3']);
  });

  it('keeps delivery ids per helpdesk: the same id from another helpdesk is not a duplicate', async () => {
    const { intake } = setup();
    await intake.acceptHelpdeskEvents('webhook', [{ type: 'ticket.changed', ticketId: '1', eventId: 'd1' }]);
    expect(await intake.acceptHelpdeskEvents('other', [{ type: 'ticket.changed', ticketId: '1', eventId: 'd1' }])).toEqual({
      queued: 1,
      duplicates: 0,
    });
  });

  it('requests both tickets of a merge', async () => {
    const { intake, scheduler, snapshots } = setup();
    await intake.acceptHelpdeskEvents('webhook', [{ type: 'ticket.merged', ticketId: '1', intoId: '2', eventId: 'm1' }]);
    expect(scheduler.mirrors.map((k) => k.ticketId).sort()).toEqual(['1', '2']);
    expect(await snapshots.get({ helpdeskId: 'webhook', ticketId: '1' })).toEqual({ mergedInto: '2' });
  });

  it('files a pushed snapshot under the helpdesk that delivered it', async () => {
    const { intake, snapshots } = setup();
    const event: InboundEvent = { type: 'ticket.upserted', snapshot: snapshot(helpdeskTicket({ id: '1', helpdeskId: 'someone-else' })) };
    await intake.acceptHelpdeskEvents('webhook', [event]);
    expect((await snapshots.get({ helpdeskId: 'webhook', ticketId: '1' }))?.snapshot?.ticket.helpdeskId).toBe('webhook');
    expect(await snapshots.get({ helpdeskId: 'someone-else', ticketId: '1' })).toBeNull();
  });

  it('does not record delivery ids of a failed intake, so the retried delivery is accepted', async () => {
    const { intake, snapshots, scheduler } = setup();
    const apply = snapshots.apply;
    snapshots.apply = async () => {
      throw new Error('Redis down');
    };
    await expect(intake.acceptHelpdeskEvents('webhook', [upsert('1', 'd1')])).rejects.toThrow('Redis down');
    snapshots.apply = apply;

    expect(await intake.acceptHelpdeskEvents('webhook', [upsert('1', 'd1')])).toEqual({ queued: 1, duplicates: 0 });
    expect(scheduler.mirrors.map((k) => k.ticketId)).toEqual(['1']);
  });

  it('drops the cached customer and contract look-ups when the ERP reports an account change', async () => {
    const { intake, accountCaches, scheduler } = setup();
    await intake.acceptAccountsChange('CONTRACT_MODIFY');
    expect(accountCaches.invalidations).toBe(1);
    expect(scheduler.reflects).toEqual([]);
  });

  it('hands an ERP change to the reflect job', async () => {
    const { intake, scheduler } = setup();
    await intake.acceptErpChange({ kind: 'message', erpId: 29, ticketErpId: 3 });
    expect(scheduler.reflects).toEqual([{ kind: 'message', erpId: 29, ticketErpId: 3 }]);
  });
});
