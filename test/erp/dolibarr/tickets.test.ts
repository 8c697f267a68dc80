import { gzipSync } from 'node:zlib';
import { DuplicateError, NotFoundError } from '../../../src/plugin-sdk';
import { collect } from '../../../src/erp/dolibarr/pagination';
import { intercept, makeClient, makeErpUser, setupNock, API_ROOT, dolibarr, loadRecording, rawBody } from './recording';

setupNock();

const newTicket = {
  ref: 'HD-1001',
  trackId: 'helpdesk-1001',
  subject: 'Printer on fire',
  message: 'Body',
  typeCode: 'ISSUE',
  severityCode: 'HIGH',
  socid: 1,
  contractId: 1,
  originEmail: 'marie.durand@acme.example',
  status: 3,
  extrafields: { helpdesk_id: 'HD-1001' },
};

describe('tickets', () => {
  it('reads a ticket with its messages, numbers as numbers and dates as dates', async () => {
    intercept('ticket_get_with_messages');
    const { client } = makeClient();
    const t = await client.getTicket(2);
    expect(t).toMatchObject({
      id: 2,
      ref: 'TS2611-0002',
      trackId: 'g4pdvjr1embuorvs',
      status: 3,
      socid: 1,
      contractId: 1,
      projectId: null,
      userAssignId: 1,
      progress: 50,
      severityCode: 'BLOCKING',
      closedAt: null,
      extrafields: { helpdesk_id: 'HD-1001-b' },
    });
    expect(t!.createdAt).toEqual(new Date(1795359221 * 1000));
    expect(t!.messages).toHaveLength(6);
    expect(t!.messages![1]).toEqual({
      id: 18,
      userId: 1,
      userName: 'Admin SuperAdmin',
      message: 'Internal note: call fire dept',
      createdAt: new Date(1795359250 * 1000),
      private: true,
    });
  });

  it('returns null for a missing ticket (404), by id, ref and track_id', async () => {
    intercept('ticket_get_404');
    dolibarr()
      .get(`${API_ROOT}/tickets/ref/NOPE-1`)
      .reply(404, rawBody(loadRecording('ticket_get_404')));
    dolibarr()
      .get(`${API_ROOT}/tickets/track_id/nope`)
      .reply(404, rawBody(loadRecording('ticket_get_404')));
    const { client } = makeClient();
    expect(await client.getTicket(9999)).toBeNull();
    expect(await client.getTicketByRef('NOPE-1')).toBeNull();
    expect(await client.getTicketByTrackId('nope')).toBeNull();
  });

  it('reads by ref and by track id', async () => {
    intercept('ticket_get_by_ref');
    intercept('ticket_get_by_custom_trackid');
    const { client } = makeClient();
    expect((await client.getTicketByRef('TS2611-0002'))!.id).toBe(2);
    expect((await client.getTicketByTrackId('helpdesk-42'))!.ref).toBe('HD-EXT-42');
  });

  it('creates with the bridge ref and track_id, status (not fk_statut), extrafields, no e-mail to the customer and caller, and answers the ticket without reading it back', async () => {
    let sent: Record<string, unknown> = {};
    intercept('ticket_create_custom_ref_and_trackid', { body: (b) => ((sent = b as Record<string, unknown>), true) });
    const { client } = makeClient();
    const t = await client.createTicket(newTicket);
    expect(t).toMatchObject({
      id: 5,
      ref: 'HD-1001',
      trackId: 'helpdesk-1001',
      status: 3,
      socid: 1,
      contractId: 1,
      typeCode: 'ISSUE',
      severityCode: 'HIGH',
      categoryCode: null,
    });
    expect(sent).toEqual({
      ref: 'HD-1001',
      track_id: 'helpdesk-1001',
      subject: 'Printer on fire',
      message: 'Body',
      type_code: 'ISSUE',
      severity_code: 'HIGH',
      fk_soc: 1,
      fk_contract: 1,
      origin_email: 'marie.durand@acme.example',
      status: 3,
      array_options: { options_helpdesk_id: 'HD-1001' },
      notify_tiers_at_create: 0,
      caller: 'ticketbridge',
    });
  });

  it('asks for an uncompressed answer to a write, and still reads a read Dolibarr gzipped', async () => {
    const created = loadRecording('ticket_create_custom_ref_and_trackid');
    dolibarr().matchHeader('accept-encoding', 'identity').post(`${API_ROOT}/tickets`).reply(created.response.status, rawBody(created));
    const read = loadRecording('ticket_get_by_ref');
    dolibarr()
      .matchHeader('accept-encoding', /gzip/)
      .get(`${API_ROOT}/tickets/ref/TS2611-0002`)
      .reply(200, gzipSync(rawBody(read)), { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' });
    const { client } = makeClient();
    expect((await client.createTicket(newTicket)).id).toBe(5);
    expect((await client.getTicketByRef('TS2611-0002'))!.id).toBe(2);
  });

  it('maps a duplicate ref (500 "Duplicate entry") to DuplicateError without retrying', async () => {
    intercept('error_500_duplicate_ticket_ref', { body: () => true });
    const { client, sleeps } = makeClient();
    const err = await client.createTicket(newTicket).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateError);
    expect((err as DuplicateError).remoteMessage).toContain("Duplicate entry 'TS2611-0002-1' for key 'uk_ticket_ref'");
    expect(sleeps).toEqual([]);
  });

  it('after a timeout, finds the ticket by track_id instead of creating it twice', async () => {
    // The look-up must answer within the same timeout on a loaded CI machine: 50 ms was not always enough.
    dolibarr().post(`${API_ROOT}/tickets`).delay(1000).reply(200, '5');
    intercept('ticket_get_by_custom_trackid', { query: {} });
    const { client, sleeps } = makeClient({ timeoutMs: 300 });
    const t = await client.createTicket({ ...newTicket, trackId: 'helpdesk-42' });
    expect(t.id).toBe(5);
    expect(sleeps).toHaveLength(1);
  });

  it('after a 502 with no ticket behind it, creates again', async () => {
    dolibarr().post(`${API_ROOT}/tickets`).reply(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' });
    dolibarr()
      .get(`${API_ROOT}/tickets/track_id/helpdesk-1001`)
      .reply(404, rawBody(loadRecording('ticket_get_404')));
    dolibarr().post(`${API_ROOT}/tickets`).reply(200, '5');
    const { client } = makeClient();
    expect((await client.createTicket(newTicket)).id).toBe(5);
  });

  it('gives up on ambiguous create failures after maxRetries lookups', async () => {
    dolibarr().post(`${API_ROOT}/tickets`).times(2).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    dolibarr()
      .get(`${API_ROOT}/tickets/track_id/helpdesk-1001`)
      .reply(404, rawBody(loadRecording('ticket_get_404')));
    const { client } = makeClient({ maxRetries: 1 });
    await expect(client.createTicket(newTicket)).rejects.toThrow(/ECONNRESET/);
  });

  it('updates through PUT with `status` and the caller', async () => {
    intercept('ticket_put_status', { body: (b) => JSON.stringify(b) === JSON.stringify({ status: 3, progress: 40, caller: 'ticketbridge' }) });
    const { client } = makeClient();
    const t = await client.updateTicket(2, { status: 3, progress: 40 });
    expect(t.status).toBe(3);
  });

  it('deletes, and a second delete is NotFoundError', async () => {
    intercept('ticket_delete');
    intercept('ticket_delete_again_404');
    await expect(makeErpUser().deleteTicket(3)).resolves.toBeUndefined();
    await expect(makeErpUser().deleteTicket(3)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists with socid, modified-since (UTC, >=), statuses, extrafields and ref prefix; the prefix is re-checked', async () => {
    const list = loadRecording('tickets_list_full_item').response.body as Array<Record<string, unknown>>;
    const other = { ...list[0], id: '9', ref: 'HDX1-0009' };
    dolibarr()
      .get(`${API_ROOT}/tickets`)
      .query({
        socid: '1',
        sqlfilters: "(t.tms:>=:'2026-11-22 15:00:00') and (t.fk_statut:in:0,1,2,3,5,7) and (ef.helpdesk_id:=:'HD-1001') and (t.ref:like:'TS2611-%')",
        sortfield: 't.tms',
        sortorder: 'ASC',
        limit: '2',
        page: '0',
      })
      .reply(200, JSON.stringify([list[0], other]));
    dolibarr()
      .get(`${API_ROOT}/tickets`)
      .query((q) => q.page === '1')
      .reply(200, '[]');
    const { client } = makeClient();
    const items = await collect(
      client.listTickets({
        socid: 1,
        modifiedSince: new Date('2026-11-22T15:00:00Z'),
        statuses: [0, 1, 2, 3, 5, 7],
        extrafields: { helpdesk_id: 'HD-1001' },
        refPrefix: 'TS2611-',
        sortField: 'tms',
        pageSize: 2,
      }),
    );
    expect(items.map((t) => t.ref)).toEqual(['TS2611-0002']);
    expect(items[0].messages).toBeUndefined();
  });

  it('walks several pages and stops on a short one', async () => {
    const row = (loadRecording('tickets_list_full_item').response.body as Array<Record<string, unknown>>)[0];
    const page = (ids: number[]) => JSON.stringify(ids.map((id) => ({ ...row, id: String(id), ref: `TS-${id}` })));
    const q = (p: number) => ({ sortfield: 't.rowid', sortorder: 'ASC', limit: '2', page: String(p) });
    dolibarr()
      .get(`${API_ROOT}/tickets`)
      .query(q(0))
      .reply(200, page([1, 2]));
    dolibarr()
      .get(`${API_ROOT}/tickets`)
      .query(q(1))
      .reply(200, page([3, 4]));
    dolibarr()
      .get(`${API_ROOT}/tickets`)
      .query(q(2))
      .reply(200, page([5]));
    const { client } = makeClient();
    expect((await collect(client.listTickets({ pageSize: 2 }))).map((t) => t.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops on the recorded empty page beyond the end', async () => {
    const row = (loadRecording('tickets_list_full_item').response.body as Array<Record<string, unknown>>)[0];
    dolibarr()
      .get(`${API_ROOT}/tickets`)
      .query((q) => q.page === '0')
      .reply(200, JSON.stringify([row]));
    intercept('pagination_tickets_page_beyond', { query: (q) => q.page === '1' });
    const { client } = makeClient();
    expect(await collect(client.listTickets({ pageSize: 1 }))).toHaveLength(1);
  });

  it('refuses an origin e-mail with parentheses before any call', async () => {
    const { client } = makeClient();
    await expect(collect(client.listTickets({ originEmail: 'a(b)@x.y' }))).rejects.toThrow(/contains "\(" or "\)"/);
  });

  it('lists real messages only, oldest first, from agenda events', async () => {
    const events = [
      {
        id: '18',
        code: 'TICKET_MSG_PRIVATE',
        type_code: 'AC_OTH_AUTO',
        note_private: 'private',
        datep: 1795359250,
        elementtype: 'ticket',
        elementid: '2',
        userownerid: '1',
        authorid: '1',
        datec: 1795359250,
      },
      {
        id: '17',
        code: 'TICKET_MSG',
        type_code: 'AC_OTH_AUTO',
        note_private: 'public',
        datep: 1795359250,
        elementtype: 'ticket',
        elementid: '2',
        userownerid: '1',
        authorid: '1',
        datec: 1795359250,
      },
      { id: '5', code: 'TICKET_MSGX', note_private: 'not a message', datep: 1795359000, elementtype: 'ticket', elementid: '2' },
      { id: '3', code: 'TICKET_MSG', note_private: 'first', datep: 1795359100, elementtype: 'ticket', elementid: '2' },
    ];
    dolibarr()
      .get(`${API_ROOT}/agendaevents`)
      .query({
        sqlfilters: "(t.elementtype:=:'ticket') and (t.fk_element:=:2) and (t.code:like:'TICKET_MSG%')",
        sortfield: 't.datep',
        sortorder: 'ASC',
        limit: '100',
        page: '0',
      })
      .reply(200, JSON.stringify(events));
    const { client } = makeClient();
    const messages = await client.listTicketMessages(2);
    expect(messages.map((m) => [m.id, m.note])).toEqual([
      [3, 'first'],
      [17, 'public'],
      [18, 'private'],
    ]);
    expect(messages[1]).toMatchObject({ elementType: 'ticket', elementId: 2, authorId: 1, userOwnerId: 1 });
  });
});

describe('ticket messages as agenda events (recorded on the real Dolibarr 23)', () => {
  const message = { ticketId: 1, socid: 1, label: 'Probe MX9KB6IB', text: 'Public reply written as an agenda event', private: false };

  it('posts the TICKET_MSG agenda event Dolibarr itself writes, and answers its id; the API user is read once', async () => {
    const sent: Array<Record<string, unknown>> = [];
    intercept('user_info');
    intercept('agendaevent_create_ticket_message', { body: (b) => (sent.push(b as Record<string, unknown>), true) });
    intercept('agendaevent_create_ticket_message_private', { body: (b) => (sent.push(b as Record<string, unknown>), true) });
    const { client } = makeClient();
    expect(await client.postTicketMessage(message)).toBe(9);
    expect(await client.postTicketMessage({ ...message, text: 'Private note written as an agenda event', private: true })).toBe(10);
    expect(sent[0]).toEqual({
      type_code: 'AC_OTH_AUTO',
      code: 'TICKET_MSG',
      label: 'Probe MX9KB6IB',
      note_private: 'Public reply written as an agenda event',
      elementtype: 'ticket',
      fk_element: 1,
      socid: 1,
      userownerid: 1,
      datep: expect.any(Number),
      percentage: -1,
      caller: 'ticketbridge',
    });
    expect(sent[1]).toMatchObject({ code: 'TICKET_MSG_PRIVATE', note_private: 'Private note written as an agenda event' });
  });

  it('reads such messages back like newmessage ones: same codes, private flag and author', async () => {
    intercept('agendaevents_list_ticket_messages_agenda_and_newmessage', { query: true });
    const { client } = makeClient();
    const messages = await client.listTicketMessages(1);
    expect(messages.map((m) => [m.id, m.code, m.userOwnerId])).toEqual([
      [9, 'TICKET_MSG', 1],
      [10, 'TICKET_MSG_PRIVATE', 1],
      [11, 'TICKET_MSG', 1],
      [12, 'TICKET_MSG_PRIVATE', 1],
    ]);
  });

  it('a second create with the same ref is refused as a duplicate (500 "Duplicate entry")', async () => {
    intercept('ticket_create_same_ref_again', { body: () => true });
    const { client } = makeClient();
    await expect(
      client.createTicket({ ref: 'PROBE-MX9KB6IB', trackId: 'probe_mx9kb6ib_2', subject: 'Again', message: 'Same ref' }),
    ).rejects.toBeInstanceOf(DuplicateError);
  });
});
