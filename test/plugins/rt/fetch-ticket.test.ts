import nock from 'nock';
import { NotFoundError } from '../../../src/plugin-sdk';
import { page, recordedBody, RECORDED_RT, replay, rtTestAdapter } from './recordings';
import { guardNetwork } from '../../support/nock-guard';

type Items = { items: Array<Record<string, unknown>> };

/** Message parts of ticket 1, from the recorded attachment collections of transactions 38 (Create) and 40 (Correspond). */
function partsOfTicket1(): unknown[] {
  const create = recordedBody<Items>('transaction_attachments_create_expanded').items;
  const reply = recordedBody<Items>('transaction_attachments_correspond_expanded').items.map((p) => ({ ...p, TransactionId: '40' }));
  return [...create, ...reply];
}

function serveHistoryAndParts(ticketId: string, history: unknown, parts: unknown[]): void {
  nock(RECORDED_RT)
    .get(`/REST/2.0/ticket/${ticketId}/history`)
    .query(true)
    .reply(200, history as object);
  nock(RECORDED_RT)
    .get(`/REST/2.0/ticket/${ticketId}/attachments`)
    .query((q) => q.page === '1' && !String(q.fields).includes('Parent'))
    .reply(200, page(parts));
  // Without a total (non-SuperUser), paging goes on until an empty page.
  if (parts.length)
    nock(RECORDED_RT)
      .get(`/REST/2.0/ticket/${ticketId}/attachments`)
      .query((q) => q.page === '2')
      .reply(200, page([]));
}

guardNetwork();

describe('RT fetchTicket', () => {
  it('maps the ticket, its replies and comments, and one time entry per transaction with time', async () => {
    replay('ticket_get');
    serveHistoryAndParts('1', recordedBody('ticket_history_expanded'), partsOfTicket1());
    const result = await rtTestAdapter().fetchTicket!('1');
    if (result.kind !== 'found') throw new Error(`expected found, got ${result.kind}`);
    const { ticket, articles, timeEntries } = result.snapshot;

    expect(ticket).toMatchObject({ id: '1', number: '1', title: 'Printer on fire – appel 06 12 34 56 78', state: 'new', stateCategory: 'new' });
    expect(ticket.customer.email).toBe('0612345678@acme.example');
    expect(ticket.owner).toBeUndefined(); // Owner "Nobody"
    expect(ticket.body).toBe('Caller says the printer is on fire.\nSecond line.');

    // Create 38 and Correspond 40, 46 are public, Comments 43-45 internal; EmailRecord and RT_System's Status are no messages.
    expect(articles.map((a) => [a.id, a.internal])).toEqual([
      ['38', false],
      ['40', false],
      ['43', true],
      ['44', true],
      ['45', true],
      ['46', false],
    ]);
    expect(articles[0]!.body).toBe(ticket.body);
    const reply = articles.find((a) => a.id === '40')!;
    expect(reply.body).toBe('We are sending a technician. <b>not html</b>');
    expect(reply.attachments).toEqual([{ id: '7', filename: 'devis-ACME.pdf', contentType: 'application/pdf', size: 29 }]);

    expect(timeEntries.map((e) => [e.id, e.seconds])).toEqual([
      ['38', 900],
      ['40', 1200],
      ['43', 420],
      ['46', 300],
    ]);
    const worked = Number(recordedBody<{ TimeWorked: string }>('ticket_get_after_correspond_comment').TimeWorked);
    expect(timeEntries.reduce((sum, e) => sum + e.seconds, 0)).toBe(worked * 60);

    // Status transactions give the state history the service-level clocks count on.
    expect(result.snapshot.stateHistory).toEqual([
      { at: new Date('2026-11-23T08:14:20Z'), stateCategory: 'open' },
      { at: new Date('2026-11-23T08:14:23Z'), stateCategory: 'waiting_customer' },
    ]);
  });

  it('retries (transient error) a reply RT shows before its message part, instead of mirroring it empty', async () => {
    replay('ticket_get');
    const history = recordedBody<Items>('ticket_history_expanded');
    // The reply 40 was just written: its transaction is visible, its part not yet.
    history.items = history.items.map((t) => (t.id === '40' ? { ...t, Created: new Date().toISOString() } : t));
    serveHistoryAndParts('1', history, recordedBody<Items>('transaction_attachments_create_expanded').items);
    const failure = rtTestAdapter().fetchTicket!('1');
    await expect(failure).rejects.toMatchObject({ kind: 'server', transient: true, message: expect.stringContaining('40') });
  });

  it('keeps the odd TimeTaken values RT stored (negative, fractional) and skips text, so totals match RT', async () => {
    const ticket = recordedBody<Record<string, unknown>>('ticket_get_after_odd_timetaken');
    nock(RECORDED_RT).get('/REST/2.0/ticket/67').query(true).reply(200, ticket);
    const history = recordedBody<Items>('ticket_history_odd_timetaken');
    const garbage = recordedBody<Record<string, unknown>>('transaction_get_timetaken_garbage_abc');
    history.items.push({ ...garbage, id: '531' });
    serveHistoryAndParts('67', history, []);
    const result = await rtTestAdapter().fetchTicket!('67');
    if (result.kind !== 'found') throw new Error(result.kind);
    const entries = result.snapshot.timeEntries;
    expect(entries.map((e) => [e.id, e.seconds])).toEqual([
      ['488', 1800],
      ['528', -300],
      ['529', 150],
      ['530', 720],
    ]);
    expect(entries.find((e) => e.id === '488')!.note).toBe('Set'); // history without Field: no TimeWorked wording
    expect(entries.reduce((s, e) => s + e.seconds, 0) / 60).toBe(Number(ticket.TimeWorked));
  });

  it('gives a resolved ticket its Resolved date as close time, and each time entry its transaction time as booking time', async () => {
    // Recorded on ticket 1 after a resolve and a reopen: RT keeps Resolved on the reopened ticket.
    const reopened = recordedBody<Record<string, unknown>>('ticket_get_priority_after_string');
    expect(reopened).toMatchObject({ Status: 'open', Resolved: '2026-11-23T08:15:20Z' });
    const fetchWith = async (ticket: Record<string, unknown>) => {
      nock(RECORDED_RT).get('/REST/2.0/ticket/1').query(true).reply(200, ticket);
      serveHistoryAndParts('1', recordedBody('ticket_history_expanded'), partsOfTicket1());
      const result = await rtTestAdapter().fetchTicket!('1');
      if (result.kind !== 'found') throw new Error(result.kind);
      return result.snapshot;
    };

    expect((await fetchWith(reopened)).ticket.closedAt).toBeUndefined();
    for (const status of ['resolved', 'rejected']) {
      const snapshot = await fetchWith({ ...reopened, Status: status });
      expect(snapshot.ticket.closedAt).toEqual(new Date('2026-11-23T08:15:20Z'));
      expect(snapshot.timeEntries.map((e) => [e.id, e.bookedAt?.toISOString()])).toEqual([
        ['38', '2026-11-23T08:13:59.000Z'],
        ['40', '2026-11-23T08:14:19.000Z'],
        ['43', '2026-11-23T08:14:20.000Z'],
        ['46', '2026-11-23T08:14:22.000Z'],
      ]);
    }
    // "Not set" (1970-01-01T00:00:00Z, as in ticket_get) on a resolved ticket: no close time rather than 1970.
    const unset = recordedBody<Record<string, unknown>>('ticket_get');
    expect(unset.Resolved).toBe('1970-01-01T00:00:00Z');
    expect((await fetchWith({ ...unset, Status: 'resolved' })).ticket.closedAt).toBeUndefined();
  });

  it('reports a merged id as merged into the ticket RT answers with', async () => {
    replay('ticket_get_merged_source');
    await expect(rtTestAdapter().fetchTicket!('68')).resolves.toEqual({ kind: 'merged', into: '69' });
  });

  it('reads the merge target with the merged ticket history: times add up, the merged ticket keeps its messages', async () => {
    nock(RECORDED_RT)
      .get('/REST/2.0/ticket/69')
      .query(true)
      .reply(200, recordedBody('ticket_get_merged_source') as object);
    serveHistoryAndParts('69', recordedBody('ticket_history_merge_target'), []);
    const result = await rtTestAdapter().fetchTicket!('69');
    if (result.kind !== 'found') throw new Error(result.kind);
    expect(result.snapshot.timeEntries.reduce((s, e) => s + e.seconds, 0)).toBe(19 * 60); // TimeWorked "19"
    expect(result.snapshot.articles.map((a) => a.id)).toEqual(['496', '503', '505']);
  });

  it('reports a deleted ticket as deleted', async () => {
    replay('ticket_get_deleted');
    await expect(rtTestAdapter().fetchTicket!('1')).resolves.toEqual({ kind: 'deleted' });
  });

  it('raises NotFoundError for an unknown id and refuses ids that are not numbers before calling RT', async () => {
    replay('error_ticket_get_unknown_404', '/REST/2.0/ticket/999999');
    await expect(rtTestAdapter().fetchTicket!('999999')).rejects.toBeInstanceOf(NotFoundError);
    await expect(rtTestAdapter().fetchTicket!('1/history')).rejects.toThrow(/ticketId: .* not a positive integer/);
  });
});
