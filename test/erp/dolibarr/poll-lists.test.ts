import { collect } from '../../../src/erp/dolibarr/pagination';
import { makeClient, setupNock, API_ROOT, dolibarr, intercept, loadRecording } from './recording';

setupNock();

/** The lists the ERP poll uses to catch lost webhooks: built from recorded rows, filtered on time. */
describe('poll lists', () => {
  it('lists interventions modified since a time, with their links and modification date', async () => {
    const rows = loadRecording('interventions_list_loadlinked').response.body as Array<Record<string, unknown>>;
    dolibarr()
      .get(`${API_ROOT}/interventions`)
      .query({ sqlfilters: "(t.tms:>=:'2026-11-22 15:00:00')", loadlinkedobjects: '1', limit: '100', page: '0' })
      .reply(200, JSON.stringify(rows));
    const { client } = makeClient();
    const items = await collect(client.listInterventions({ modifiedSince: new Date('2026-11-22T15:00:00Z') }));
    expect(items.length).toBe(rows.length);
    expect(items[0].modifiedAt).toEqual(rows[0].datem ? new Date(Number(rows[0].datem) * 1000) : null);
    expect(items.some((i) => (i.linkedObjects.ticket ?? []).length > 0)).toBe(true);
  });

  it('lists the real messages of every ticket created since a time, dropping automatic events', async () => {
    // Recorded from a real Dolibarr with this exact filter; an automatic event is added to prove it is dropped.
    const recorded = loadRecording('agendaevents_list_messages_since').response.body as Array<Record<string, unknown>>;
    const rows = [...recorded, { ...recorded[0], id: '9999', code: 'AC_TICKET_MODIFY' }];
    dolibarr()
      .get(`${API_ROOT}/agendaevents`)
      .query({
        sqlfilters: "(t.elementtype:=:'ticket') and (t.code:like:'TICKET_MSG%') and (t.datec:>=:'2026-11-23 00:00:00')",
        sortfield: 't.id',
        sortorder: 'ASC',
        limit: '100',
        page: '0',
      })
      .reply(200, JSON.stringify(rows));
    const { client } = makeClient();
    const messages = await collect(client.listTicketMessagesSince(new Date('2026-11-23T00:00:00Z')));
    expect(messages.map((m) => m.id)).toEqual(recorded.map((r) => Number(r.id)));
    expect(messages.every((m) => m.code === 'TICKET_MSG' || m.code === 'TICKET_MSG_PRIVATE')).toBe(true);
    expect(messages.every((m) => m.elementType === 'ticket' && typeof m.elementId === 'number')).toBe(true);
  });
});

describe('proposals poll list', () => {
  it('lists proposals modified since a time, with status, links and modification date (recorded)', async () => {
    intercept('proposals_list_modified_since');
    const { client } = makeClient();
    const items = await collect(client.listProposalsModifiedSince(new Date('2026-11-23T11:05:00Z')));
    expect(items.map((p) => [p.id, p.status, p.linkedObjects.ticket])).toEqual([
      [17, 2, [14]],
      [18, 2, [115]],
      [19, 2, [116]],
    ]);
    expect(items[0].modifiedAt).toEqual(new Date(1795431960 * 1000));
  });
});
