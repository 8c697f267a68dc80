import nock from 'nock';
import { fetchTicket } from '../../../plugins/znuny/fetch-ticket';
import { guardNetwork } from '../../support/nock-guard';
import { BASE, deps, settings } from './helpers';
import { loadRecording } from './recorded';

interface HistoryEntry {
  HistoryType: string;
  CreateTime: string;
}
interface Exchange<T> {
  response: { body: T };
}
type History = { TicketHistory: Array<{ History: HistoryEntry[] }> };

const api = new URL(BASE);
const at = (p: string) => `${api.pathname}${p}`;
/** Ticket 2 recorded closed (05_ticketget_after_updates_closed), and its history recorded just after a reopen. */
const closedGet = loadRecording<Exchange<unknown>>('05_ticketget_after_updates_closed').response.body;
const recordedHistory = loadRecording<Exchange<History>>('06_tickethistoryget_updated_ticket').response.body;

/** The history as it stood when the ticket was closed: without the reopen (the last StateUpdate and what follows it). */
function historyWhenClosed(): History {
  const history = structuredClone(recordedHistory);
  const entries = history.TicketHistory[0].History;
  const reopen = entries.map((e) => e.HistoryType).lastIndexOf('StateUpdate');
  history.TicketHistory[0].History = entries.slice(0, reopen);
  return history;
}

function serve(ticket: unknown, history?: History): nock.Scope {
  nock(api.origin).post(at('/Session')).reply(200, { SessionID: 'S' });
  const scope = nock(api.origin)
    .get(at('/Ticket/2'))
    .query(true)
    .reply(200, ticket as object);
  if (history) scope.get(at('/TicketHistory/2')).query(true).reply(200, history);
  return scope;
}

guardNetwork();
afterEach(() => nock.cleanAll());

describe('Znuny close and booking times (recorded ticket 2 and its history)', () => {
  it("takes the close time from the last StateUpdate and each booking time from the article's TimeAccounting entry", async () => {
    const scope = serve(closedGet, historyWhenClosed());
    const result = await fetchTicket(deps(settings()), '2');
    if (result.kind !== 'found') throw new Error(result.kind);
    expect(result.snapshot.ticket).toMatchObject({ state: 'closed successful', stateCategory: 'closed', closedAt: new Date('2026-11-23T08:41:45Z') });
    expect(result.snapshot.timeEntries.map((e) => [e.id, e.bookedAt?.toISOString()])).toEqual([
      ['article:2', '2026-11-23T08:39:37.000Z'],
      ['article:17', '2026-11-23T08:41:43.000Z'],
      ['article:20', '2026-11-23T08:41:44.000Z'],
    ]);
    expect(scope.isDone()).toBe(true);
  });

  it('reads the history in the helpdesk time zone', async () => {
    serve(closedGet, historyWhenClosed());
    const result = await fetchTicket(deps(settings({ timeZone: 'Europe/Paris' })), '2');
    if (result.kind !== 'found') throw new Error(result.kind);
    expect(result.snapshot.ticket.closedAt).toEqual(new Date('2026-11-23T07:41:45Z'));
  });

  it('gives a ticket created closed (no StateUpdate) its creation as close time', async () => {
    const history = historyWhenClosed();
    history.TicketHistory[0].History = history.TicketHistory[0].History.filter((e) => e.HistoryType !== 'StateUpdate');
    serve(closedGet, history);
    const result = await fetchTicket(deps(settings()), '2');
    if (result.kind !== 'found') throw new Error(result.kind);
    expect(result.snapshot.ticket.closedAt).toEqual(result.snapshot.ticket.createdAt);
  });

  it('reads no history for an open ticket: it has no close time', async () => {
    const open = structuredClone(closedGet) as { Ticket: Array<Record<string, unknown>> };
    Object.assign(open.Ticket[0], { State: 'open', StateType: 'open' });
    serve(open);
    const result = await fetchTicket(deps(settings()), '2');
    if (result.kind !== 'found') throw new Error(result.kind);
    expect(result.snapshot.ticket.closedAt).toBeUndefined();
    expect(result.snapshot.timeEntries.every((e) => e.bookedAt === undefined)).toBe(true);
  });
});

describe('Znuny close and booking times (a real phone call: 30 min at creation, a 1 h note, closed at once)', () => {
  it("books both entries no later than the close, by Znuny's own clock", async () => {
    nock(api.origin).post(at('/Session')).reply(200, { SessionID: 'S' });
    nock(api.origin)
      .get(at('/Ticket/7'))
      .query(true)
      .reply(200, loadRecording<Exchange<object>>('12_ticketget_phone_ticket_noted_and_closed').response.body)
      .get(at('/TicketHistory/7'))
      .query(true)
      .reply(200, loadRecording<Exchange<History>>('12_tickethistoryget_phone_ticket_noted_and_closed').response.body);
    const result = await fetchTicket(deps(settings({ timeZone: 'Europe/Paris' })), '7');
    if (result.kind !== 'found') throw new Error(result.kind);
    const { closedAt } = result.snapshot.ticket;
    expect(closedAt).toEqual(new Date('2026-12-05T01:36:46Z'));
    expect(result.snapshot.timeEntries.map((e) => [e.id, e.seconds, e.bookedAt?.toISOString()])).toEqual([
      ['article:14', 1800, '2026-12-05T01:36:45.000Z'],
      ['article:15', 3600, '2026-12-05T01:36:46.000Z'],
    ]);
    expect(result.snapshot.timeEntries.every((e) => e.bookedAt! <= closedAt!)).toBe(true);
  });
});
