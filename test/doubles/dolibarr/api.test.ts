import { seedBasics, startForTest, type Started } from './test-support';

describe('Dolibarr double API behaviour', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startForTest();
  });
  beforeEach(async () => {
    await s.control.post('/reset');
    await s.control.post('/seed', seedBasics);
  });
  afterAll(() => s.double.close());

  it('changes the status only through `status`; fk_statut is silently ignored', async () => {
    const id = (await s.api.post('/tickets', { subject: 'S', message: 'm' })).data;
    const ignored = await s.api.put(`/tickets/${id}`, { fk_statut: 3 });
    expect([ignored.status, ignored.data.fk_statut]).toEqual([200, '0']);
    const changed = await s.api.put(`/tickets/${id}`, { status: 3 });
    expect(changed.data.fk_statut).toBe('3');
  });

  it("e-mails the ticket's third party on creation unless notify_tiers_at_create is 0, as Dolibarr's trigger does", async () => {
    await s.api.post('/tickets', { subject: 'S', message: 'm', fk_soc: 1, ref: 'N-1' });
    await s.api.post('/tickets', { subject: 'S', message: 'm', fk_soc: 1, ref: 'N-2', notify_tiers_at_create: 0 });
    const { emails } = (await s.control.get('/state')).data as { emails: unknown[] };
    expect(emails).toEqual([{ to: 'contact@acme.example', reason: 'ticket created', ticketRef: 'N-1' }]);
  });

  it('gives unique auto refs and rejects a duplicate ref or track_id with the 500 duplicate shape', async () => {
    const created = await Promise.all([1, 2, 3, 4].map(() => s.api.post('/tickets', { subject: 'S', message: 'm' })));
    const refs = await Promise.all(created.map(async (c) => (await s.api.get(`/tickets/${c.data}`)).data.ref));
    expect(new Set(refs).size).toBe(4);
    const dup = await s.api.post('/tickets', { subject: 'S', message: 'm', ref: refs[0] });
    expect(dup.status).toBe(500);
    expect(dup.data.error).toMatchObject({
      0: `Error Duplicate entry '${refs[0]}-1' for key 'uk_ticket_ref'`,
      code: 500,
      message: 'Internal Server Error: Error creating ticket',
    });
    await s.api.post('/tickets', { subject: 'S', message: 'm', ref: 'HD-1', track_id: 'hd-1' });
    expect((await s.api.post('/tickets', { subject: 'S', message: 'm', ref: 'HD-2', track_id: 'hd-1' })).status).toBe(500);
  });

  it('lists messages on GET only, newest first, including the automatic "created" event; strips tags from the subject', async () => {
    const id = (await s.api.post('/tickets', { subject: 'Hot <b>printer</b> "now"', message: '<p>x</p><script>y</script>', track_id: 't1' })).data;
    expect((await s.api.post('/tickets/newmessage', { track_id: 't1', message: 'Reply' })).data).toBe(String(id));
    expect((await s.api.post('/tickets/newmessage', { track_id: 'nope', message: 'x' })).status).toBe(404);
    const ticket = (await s.api.get(`/tickets/${id}`)).data;
    expect([ticket.subject, ticket.message]).toEqual(['Hot printer now', '<p>x</p>y']);
    expect(ticket.messages.map((m: { message: string }) => m.message)).toEqual(expect.arrayContaining(['Reply', `Ticket ${ticket.ref} created`]));
    const events = await s.api.get('/agendaevents', {
      params: { sqlfilters: `(t.elementtype:=:'ticket') and (t.fk_element:=:${id}) and (t.code:like:'TICKET_MSG%')` },
    });
    expect(events.data.map((e: { code: string }) => e.code)).toEqual(['TICKET_MSG']);
    expect((await s.api.delete(`/tickets/${id}`)).data).toEqual({ success: { code: 200, message: 'Ticket deleted' } });
    expect((await s.api.delete(`/tickets/${id}`)).status).toBe(404);
  });

  it('closes an intervention once (304 empty body after), reopens to draft, and keeps array_options set by PUT', async () => {
    const id = (await s.api.post('/interventions', { socid: 1, fk_project: 0, description: 'x' })).data;
    expect((await s.api.post('/interventions', { socid: 1, description: 'x' })).data.error.message).toBe('Bad Request: fk_project field missing');
    expect((await s.api.post(`/interventions/${id}/validate`, {})).status).toBe(400);
    expect((await s.api.post(`/interventions/${id}/validate`)).data.statut).toBe(1);
    expect((await s.api.post(`/interventions/${id}/close`)).data.statut).toBe(3);
    const again = await s.api.post(`/interventions/${id}/close`);
    expect([again.status, again.data]).toEqual([304, '']);
    await s.control.post('/seed', { extrafields: [{ elementtype: 'fichinter', attrname: 'tb_billed', label: 'Billed' }] });
    const put = await s.api.put(`/interventions/${id}`, { array_options: { options_tb_billed: 'FA-1' }, statut: 2 });
    expect([put.data.statut, put.data.array_options]).toEqual(['3', { options_tb_billed: 'FA-1' }]);
    expect((await s.api.post(`/interventions/${id}/reopen`)).data.statut).toBe(0);
  });

  it('creates one garbage line per key when a single object is posted to the plural proposal lines endpoint', async () => {
    const id = (await s.api.post('/proposals', { socid: 1 })).data;
    await s.api.post(`/proposals/${id}/lines`, { qty: 1, subprice: 150, tva_tx: 20, desc: 'Fuser', product_type: 0 });
    let p = (await s.api.get(`/proposals/${id}`)).data;
    expect(p.lines).toHaveLength(5);
    expect(p.total_ht).toBe('0.00000000');
    await s.api.post(`/proposals/${id}/lines`, [
      { qty: 2, subprice: 10, tva_tx: 20, desc: 'a' },
      { qty: 1, subprice: 5, tva_tx: 20, desc: 'b' },
    ]);
    p = (await s.api.get(`/proposals/${id}`)).data;
    expect([p.lines.length, p.total_ht]).toEqual([7, '25.00000000']);
    await s.api.post(`/proposals/${id}/validate`);
    expect((await s.api.post(`/proposals/${id}/close`, { status: 3 })).data.statut).toBe(3);
    expect((await s.api.post(`/proposals/${id}/close`, { status: 3 })).status).toBe(304);
  });

  it('uploads ticket documents by numeric id, refuses duplicates, and answers 404 for an empty list', async () => {
    const id = (await s.api.post('/tickets', { subject: 'S', message: 'm' })).data;
    expect((await s.api.get('/documents', { params: { modulepart: 'ticket', id } })).status).toBe(404);
    const upload = {
      filename: 'log.txt',
      modulepart: 'ticket',
      ref: String(id),
      filecontent: Buffer.from('hello').toString('base64'),
      fileencoding: 'base64',
    };
    expect((await s.api.post('/documents/upload', upload)).data).toBe('log.txt');
    expect((await s.api.post('/documents/upload', upload)).status).toBe(400);
    const byRef = await s.api.post('/documents/upload', { ...upload, ref: 'TS-REF' }, { transformResponse: (x) => x });
    expect([byRef.status, String(byRef.data).startsWith('This website')]).toEqual([500, true]);
    const list = await s.api.get('/documents', { params: { modulepart: 'ticket', id } });
    expect(list.data.map((d: { relativename: string; size: number }) => [d.relativename, d.size])).toEqual([['log.txt', 5]]);
  });

  it('looks up users, contacts, third parties and products by their dedicated endpoints', async () => {
    expect((await s.api.get('/users/login/tech1')).data.email).toBe('paul.martin@helpdesk.example');
    expect((await s.api.get('/users/email/nobody@x.y')).data.error.message).toBe('Not Found: User not found');
    expect((await s.api.get('/contacts/email/marie.durand@acme.example')).data.socid).toBe('1');
    expect((await s.api.get("/thirdparties/email/o'brien@example.ie")).data.id).toBe('2');
    expect((await s.api.get('/products/ref/SUPPORT-HOUR')).data.duration).toBe('1h');
    expect((await s.api.get('/contracts', { params: { thirdparty_ids: '2' } })).data).toEqual([]);
    expect((await s.api.get('/setup/dictionary/ticket_types')).data.map((t: { code: string }) => t.code)).toContain('ISSUE');
    expect((await s.api.get('/tickets/abc')).data.error.message).toBe('Bad Request: invalid value specified for `id`');
  });

  it('refuses a bad seed body naming the field and changing nothing', async () => {
    const bad = await s.control.post('/seed', { thirdparties: [{ email: 'x@y.z' }] });
    expect(bad.status).toBe(400);
    expect(bad.data.error).toContain('thirdparties.0.name');
    expect((await s.control.get('/state')).data.thirdparties).toHaveLength(2);
  });
});
