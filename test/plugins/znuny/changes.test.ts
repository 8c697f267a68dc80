import nock from 'nock';
import { InputError } from '../../../src/plugin-sdk';
import { advance, decodeCursor, encodeCursor } from '../../../plugins/znuny/cursor';
import { startZnunyDouble, type ZnunyDouble } from '../../doubles/znuny';
import { listChanges } from '../../../plugins/znuny/list-changes';
import { BASE, deps, settings } from './helpers';
import { loadRecording } from './recorded';
import { guardNetwork } from '../../support/nock-guard';

describe('Znuny poll cursor', () => {
  it('keeps the ids seen at the latest second, adding to them when the second does not move', () => {
    const c1 = advance({ time: '2030-01-01 10:00:00', idsAtTime: [] }, [
      { id: '3', changed: '2030-01-01 10:00:01' },
      { id: '4', changed: '2030-01-01 10:00:02' },
      { id: '5', changed: '2030-01-01 10:00:02' },
    ]);
    expect(c1).toEqual({ time: '2030-01-01 10:00:02', idsAtTime: ['4', '5'] });
    expect(advance(c1, [{ id: '9', changed: '2030-01-01 10:00:02' }])).toEqual({ time: '2030-01-01 10:00:02', idsAtTime: ['4', '5', '9'] });
  });

  it('survives a round trip through its JSON form and refuses anything else', () => {
    const c = { time: '2030-01-01 10:00:02', idsAtTime: ['10', '9'] };
    expect(decodeCursor(encodeCursor(c))).toEqual({ time: c.time, idsAtTime: ['9', '10'] });
    expect(() => decodeCursor('not json')).toThrow(InputError);
    expect(() => decodeCursor('{"v":1,"time":"2030-01-01T10:00:00Z","idsAtTime":[]}')).toThrow(/time/);
  });
});

describe('Znuny listChanges against the double', () => {
  let double: ZnunyDouble;
  guardNetwork({ loopback: true });
  beforeEach(async () => {
    double = await startZnunyDouble({ timeZone: 'Europe/Berlin' });
  });
  afterEach(() => double.close());
  const create = (title: string, queue = 'Support') =>
    double.control.createTicket({ title, customerUser: 'a@acme.example', queue, articles: [{ body: 'x', from: 'a@acme.example' }] }).ticketId;

  it('skips excluded queues but moves the cursor past them', async () => {
    double.control.setClock(new Date('2030-01-01T09:00:00Z'));
    const kept = create('kept');
    double.control.setClock(new Date('2030-01-01T09:00:05Z'));
    const junk = create('junk', 'Junk');
    const d = deps(settings({ baseUrl: double.url, timeZone: 'Europe/Berlin' }));
    const page = await listChanges(d, null, new Date('2030-01-01T08:00:00Z'));
    expect(page.ticketIds).toEqual([kept]);
    expect(decodeCursor(page.cursor)).toEqual({ time: '2030-01-01 10:00:05', idsAtTime: [junk] });
  });

  it('searches from `since` as Berlin wall-clock time, inclusive, sorted by Changed then TicketNumber', async () => {
    double.control.setClock(new Date('2030-07-01T10:00:00Z'));
    create('at since');
    const d = deps(settings({ baseUrl: double.url, timeZone: 'Europe/Berlin', pollLimit: 7 }));
    const page = await listChanges(d, null, new Date('2030-07-01T10:00:00Z'));
    expect(page.ticketIds).toHaveLength(1);
    const search = double.control.requests.find((r) => r.operation === 'TicketSearch')!;
    expect(search.params).toMatchObject({
      TicketLastChangeTimeNewerDate: '2030-07-01 12:00:00',
      SortBy: ['Changed', 'TicketNumber'],
      OrderBy: ['Up', 'Up'],
      Limit: 7,
    });
  });

  it('raises the limit when more tickets than the limit share one second already seen', async () => {
    double.control.setClock(new Date('2030-01-01T09:00:00Z'));
    const ids = [create('a'), create('b'), create('c')];
    const d = deps(settings({ baseUrl: double.url, pollLimit: 2 }));
    const cursor = encodeCursor({ time: '2030-01-01 10:00:00', idsAtTime: ids.slice(0, 2) });
    const page = await listChanges(d, cursor, new Date(0));
    expect(page.ticketIds).toEqual([ids[2]]);
    expect(double.control.requests.filter((r) => r.operation === 'TicketSearch').map((r) => r.params.Limit)).toEqual([2, 4]);
  });
});

describe('Znuny listChanges when TicketGet is older than the search (recorded on a real Znuny)', () => {
  interface Exchange {
    request: { body?: Record<string, unknown> };
    response: { body: { TicketID?: string[]; Ticket?: { TicketID: number; Changed: string }[] } };
  }
  const search2 = loadRecording<Exchange>('11_ticketsearch_row_changed_in_database_limit2');
  const search4 = loadRecording<Exchange>('11_ticketsearch_row_changed_in_database_limit4');
  const get = loadRecording<Exchange>('11_ticketget_row_changed_in_database_cached_changed');
  const api = new URL(BASE);
  const at = (p: string) => `${api.pathname}${p}`;

  guardNetwork();

  it('lists the ticket whose cached Changed lags once, then moves on instead of repeating it forever', async () => {
    const time = String(search2.request.body?.TicketLastChangeTimeNewerDate);
    const [stale, current] = get.response.body.Ticket!.map((t) => ({ id: String(t.TicketID), changed: t.Changed }));
    expect(stale.changed < time && current.changed === time).toBe(true);
    nock(api.origin).post(at('/Session')).reply(200, { SessionID: 'S' });
    nock(api.origin)
      .post(at('/TicketSearch'), (b: { Limit: number }) => b.Limit === 2)
      .twice()
      .reply(200, search2.response.body);
    nock(api.origin)
      .post(at('/TicketSearch'), (b: { Limit: number }) => b.Limit === 4)
      .reply(200, search4.response.body);
    nock(api.origin)
      .get(at(`/Ticket/${stale.id},${current.id}`))
      .times(3)
      .reply(200, get.response.body);
    const d = deps(settings({ pollLimit: 2 }));

    const first = await listChanges(d, encodeCursor({ time, idsAtTime: [current.id] }), new Date(0));
    expect(first.ticketIds).toEqual([stale.id]);
    const second = await listChanges(d, first.cursor, new Date(0));
    expect(second).toMatchObject({ ticketIds: [], more: false });
  });
});
