import { backfill } from '../../src/sync/operations/backfill';
import type { EngineDeps } from '../../src/sync/shared/deps';
import type { ChangePage, HelpdeskAdapter } from '../../src/plugin-sdk';
import type { TicketKey } from '../../src/sync/ports';
import { ServerError } from '../../src/plugin-sdk';

/**
 * A helpdesk that lists its tickets changed since a date, `size` per page; the cursor is the
 * position in that list. `failOnCall` makes one call fail, as a helpdesk outage mid-run would.
 */
function pagingHelpdesk(tickets: Array<{ id: string; changed: Date }>, size: number) {
  const calls: Array<{ cursor: string | null; since: Date }> = [];
  let failOnCall: number | null = null;
  const adapter = {
    id: 'hd',
    plugin: 'fake',
    listChanges: async (cursor: string | null, since: Date): Promise<ChangePage> => {
      calls.push({ cursor, since });
      if (failOnCall === calls.length)
        throw new ServerError('helpdesk answered 500', { system: 'hd', method: 'POST', path: '/TicketSearch', status: 500 });
      const changed = tickets.filter((t) => t.changed >= since);
      const from = cursor === null ? 0 : Number(cursor);
      const page = changed.slice(from, from + size);
      return { ticketIds: page.map((t) => t.id), cursor: String(from + page.length), more: from + page.length < changed.length };
    },
  } as unknown as HelpdeskAdapter;
  return { adapter, calls, failOn: (n: number) => (failOnCall = n) };
}

function engine(adapters: HelpdeskAdapter[]) {
  const cursors = new Map<string, string>();
  const queued: TicketKey[] = [];
  const deps = {
    adapters: new Map(adapters.map((a) => [a.id, a])),
    pollCursors: { get: async (n: string) => cursors.get(n) ?? null, set: async (n: string, v: string) => void cursors.set(n, v) },
    scheduler: { mirrorTicket: async (key: TicketKey) => void queued.push(key) },
  } as unknown as EngineDeps;
  return { deps, queued, cursors };
}

const day = (d: number) => new Date(Date.UTC(2026, 0, d, 12));
const since = new Date('2026-01-03T00:00:00Z');
const tickets = [1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: `T${n}`, changed: day(n) }));
const changedSince = tickets.filter((t) => t.changed >= since).map((t) => t.id);

describe('backfill (engine)', () => {
  it('queues every ticket changed since the date, page after page, and reports progress per page', async () => {
    const hd = pagingHelpdesk(tickets, 2);
    const { deps, queued } = engine([hd.adapter]);
    const progress: Array<[number, number]> = [];
    const result = await backfill(deps, 'hd', since, { restart: false }, (q, p) => progress.push([q, p]));
    expect(queued).toEqual(changedSince.map((ticketId) => ({ helpdeskId: 'hd', ticketId })));
    expect(result).toEqual({ queued: 5, pages: 3, resumed: false });
    expect(progress).toEqual([
      [2, 1],
      [4, 2],
      [5, 3],
    ]);
    expect(hd.calls.map((c) => c.since)).toEqual([since, since, since]);
  });

  it('resumes an interrupted run after the last page it finished, without listing the earlier pages again', async () => {
    const hd = pagingHelpdesk(tickets, 2);
    hd.failOn(2);
    const { deps, queued } = engine([hd.adapter]);
    await expect(backfill(deps, 'hd', since, { restart: false })).rejects.toThrow('helpdesk answered 500');
    expect(queued.map((k) => k.ticketId)).toEqual(['T3', 'T4']);

    const progress: Array<[number, number]> = [];
    const result = await backfill(deps, 'hd', since, { restart: false }, (q, p) => progress.push([q, p]));
    expect(result).toEqual({ queued: 3, pages: 2, resumed: true });
    expect(hd.calls.slice(2).map((c) => c.cursor)).toEqual(['2', '4']);
    expect(progress).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(queued.map((k) => k.ticketId)).toEqual(changedSince);
  });

  it('queues nothing new when run again after it finished, and everything again with restart', async () => {
    const hd = pagingHelpdesk(tickets, 2);
    const { deps, queued } = engine([hd.adapter]);
    await backfill(deps, 'hd', since, { restart: false });
    queued.length = 0;

    const again = await backfill(deps, 'hd', since, { restart: false });
    expect(again).toEqual({ queued: 0, pages: 1, resumed: true });
    expect(queued).toEqual([]);

    const restarted = await backfill(deps, 'hd', since, { restart: true });
    expect(restarted).toEqual({ queued: 5, pages: 3, resumed: false });
    expect(queued.map((k) => k.ticketId)).toEqual(changedSince);
  });

  it('keeps the progress of another start date apart', async () => {
    const hd = pagingHelpdesk(tickets, 10);
    const { deps, queued } = engine([hd.adapter]);
    await backfill(deps, 'hd', since, { restart: false });
    queued.length = 0;
    const earlier = await backfill(deps, 'hd', day(1), { restart: false });
    expect(earlier.resumed).toBe(false);
    expect(queued.map((k) => k.ticketId)).toEqual(tickets.map((t) => t.id));
  });

  it('queues a ticket listed twice in one page once', async () => {
    const adapter = {
      id: 'hd',
      plugin: 'fake',
      listChanges: async () => ({ ticketIds: ['A', 'B', 'A'], cursor: 'end', more: false }),
    } as unknown as HelpdeskAdapter;
    const { deps, queued } = engine([adapter]);
    expect((await backfill(deps, 'hd', since, { restart: false })).queued).toBe(2);
    expect(queued.map((k) => k.ticketId)).toEqual(['A', 'B']);
  });

  it('also queues the tickets that only appear through a merge or deletion event of the page', async () => {
    const page: ChangePage = {
      ticketIds: ['A'],
      events: [
        { type: 'ticket.merged', ticketId: 'M', intoId: 'A' },
        { type: 'ticket.deleted', ticketId: 'D' },
      ],
      cursor: 'end',
      more: false,
    };
    const adapter = { id: 'hd', plugin: 'fake', listChanges: async () => page } as unknown as HelpdeskAdapter;
    const { deps, queued } = engine([adapter]);
    expect((await backfill(deps, 'hd', since, { restart: false })).queued).toBe(3);
    expect(queued.map((k) => k.ticketId)).toEqual(['A', 'M', 'D']);
  });

  it('refuses an unknown helpdesk and a push-only one, saving no progress', async () => {
    const pushOnly = { id: 'push', plugin: 'webhook' } as unknown as HelpdeskAdapter;
    const { deps, cursors } = engine([pushOnly]);
    await expect(backfill(deps, 'nope', since, { restart: false })).rejects.toThrow('unknown helpdesk "nope"');
    await expect(backfill(deps, 'push', since, { restart: false })).rejects.toThrow('cannot list its changes');
    expect(cursors.size).toBe(0);
  });
});
