import nock from 'nock';
import { InputError } from '../../../src/plugin-sdk';
import { page, recordedBody, RECORDED_RT, rtTestAdapter } from './recordings';

type Items = { items: Array<Record<string, unknown>> };
const recorded = () => recordedBody<Items>('transactions_search_id_gt_cursor').items; // ids 482..488 of ticket 67

let queries: string[] = [];
function serveTransactions(items: unknown[]): void {
  nock(RECORDED_RT)
    .get('/REST/2.0/transactions')
    .query((q) => {
      queries.push(String(q.query));
      return q.orderby === 'id' && q.order === 'ASC' && q.page === '1';
    })
    .reply(200, page(items, 100));
}

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  queries = [];
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('RT listChanges (transaction-log cursor)', () => {
  it('starts from `since` with a date literal RT reads correctly, in the API user time zone', async () => {
    serveTransactions(recorded());
    const adapter = rtTestAdapter({ queues: ['General', "L2 'vip'"], timeZone: 'Europe/Paris' });
    const result = await adapter.listChanges!(null, new Date('2026-11-23T08:18:43.900Z'));
    expect(queries[0]).toBe(
      "ObjectType = 'RT::Ticket' AND (TicketQueue = 'General' OR TicketQueue = 'L2 \\'vip\\'') AND Type != 'EmailRecord' " +
        "AND Type != 'CommentEmailRecord' AND Created >= '2026-11-23 09:18:43'",
    );
    expect(result.ticketIds).toEqual(['67']);
    expect(result.more).toBe(false);
  });

  it('resumes after the highest id seen, re-reading an overlap, and neither repeats nor misses a late lower id', async () => {
    const adapter = rtTestAdapter({ cursorOverlap: 5 });
    serveTransactions(recorded());
    const first = await adapter.listChanges!(null, new Date('2026-11-23T00:00:00Z'));

    // Next poll: the overlap brings back 484..488, plus 486 (committed late) and a new ticket's 489.
    const again = recorded().filter((t) => Number(t.id) > 483);
    const late = { ...again[0], id: '486', ObjectId: '70', Type: 'Correspond' };
    const fresh = { ...again[0], id: '489', ObjectId: '71', Type: 'Create' };
    serveTransactions([...again.slice(0, 2), late, ...again.slice(2), fresh]);
    const second = await rtTestAdapter({ cursorOverlap: 5 }).listChanges!(first.cursor, new Date(0));
    expect(queries[1]).toMatch(/ AND id > 483$/); // 488 - 5
    expect(second.ticketIds).toEqual(['70', '71']);

    serveTransactions([]);
    const third = await adapter.listChanges!(second.cursor, new Date(0));
    expect(queries[2]).toMatch(/ AND id > 484$/);
    expect(third.ticketIds).toEqual([]);
    expect(third.cursor).toBe(second.cursor);
  });

  it('says more when a page is full, and keeps the start date while nothing was found', async () => {
    const items = Array.from({ length: 3 }, (_, i) => ({ ...recorded()[0], id: String(600 + i), ObjectId: String(90 + i) }));
    const adapter = rtTestAdapter({ pageSize: 3, cursorOverlap: 1 });
    serveTransactions(items);
    const full = await adapter.listChanges!(null, new Date('2026-11-23T00:00:00Z'));
    expect(full.more).toBe(true);
    expect(full.ticketIds).toEqual(['90', '91', '92']);

    serveTransactions([]);
    const empty = await adapter.listChanges!(null, new Date('2026-11-23T00:00:00Z'));
    expect(empty.more).toBe(false);
    serveTransactions([]);
    await adapter.listChanges!(empty.cursor, new Date(0));
    expect(queries[2]).toBe(queries[1]);
  });

  it('reports merges and deletions as events, which searches never show', async () => {
    const merge = recordedBody<Items>('ticket_history_merge_target').items.filter((t) => t.Type === 'AddLink');
    const deletion = recordedBody<Items>('transactions_search_sees_deletion').items.map((t) => ({ ...t, ObjectId: '162' }));
    serveTransactions([...merge, ...deletion]);
    const result = await rtTestAdapter().listChanges!(null, new Date(0));
    expect(result.events).toEqual([
      { type: 'ticket.merged', ticketId: '68', intoId: '69', eventId: 'rt:txn:508' },
      { type: 'ticket.deleted', ticketId: '162', eventId: 'rt:txn:1258' },
    ]);
    expect(result.ticketIds).toEqual(['68', '69', '162']);
  });

  it('rejects a cursor it did not write, naming the problem', async () => {
    await expect(rtTestAdapter().listChanges!('{"v":1,"hwm":-4,"seen":[]}', new Date())).rejects.toBeInstanceOf(InputError);
    await expect(rtTestAdapter().listChanges!('2026-11-23', new Date())).rejects.toThrow(/cursor/);
  });
});
