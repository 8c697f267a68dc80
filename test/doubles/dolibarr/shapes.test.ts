import { recorded, seedBasics, shapeDiff, startForTest, type Started } from './test-support';

type Obj = Record<string, unknown>;

describe('Dolibarr double answers with the recorded shapes', () => {
  let s: Started;
  let ticketId: number;

  beforeAll(async () => {
    s = await startForTest();
    await s.control.post('/seed', seedBasics);
    const created = await s.api.post('/tickets', {
      subject: 'Printer on fire',
      message: '<p>hot</p>',
      type_code: 'ISSUE',
      category_code: 'OTHER',
      severity_code: 'HIGH',
      fk_soc: 1,
      fk_contract: 1,
      origin_email: 'marie.durand@acme.example',
      fk_user_assign: 1,
      progress: 10,
      array_options: { options_helpdesk_id: 'HD-1001' },
      ref: 'HD-1001',
      track_id: 'helpdesk-1001',
    });
    ticketId = created.data;
    await s.api.post('/tickets/newmessage', { track_id: 'helpdesk-1001', message: 'Customer reply' });
    await s.api.put(`/tickets/${ticketId}`, { status: 3 });
  });
  afterAll(() => s.double.close());

  it('creates a ticket with a bare number id', () => {
    expect(typeof ticketId).toBe('number');
  });

  it('GET /tickets/{id} has the recorded keys and value types, messages included', async () => {
    const res = await s.api.get(`/tickets/${ticketId}`);
    const rec = recorded('ticket_get_with_messages').body as Obj;
    expect(res.status).toBe(200);
    expect(shapeDiff(res.data, rec)).toEqual([]);
    expect(res.data.messages.length).toBe(3);
    expect(shapeDiff(res.data.messages[0], (rec.messages as Obj[])[0])).toEqual([]);
    expect(res.data).toMatchObject({
      id: String(ticketId),
      fk_statut: '3',
      status: '3',
      fk_soc: '1',
      progress: '10',
      type_label: 'Issue or bug',
      linkedObjectsIds: null,
    });
  });

  it('ticket list rows have the recorded keys and no messages', async () => {
    const res = await s.api.get('/tickets', { params: { limit: 1, sqlfilters: `(t.rowid:=:${ticketId})` } });
    const rec = (recorded('tickets_list_full_item').body as Obj[])[0];
    expect(res.data).toHaveLength(1);
    expect(res.data[0].messages).toBeUndefined();
    expect(shapeDiff(res.data[0], rec)).toEqual([]);
  });

  it('intervention GET and validate have the recorded shapes (lines, duration in seconds, links)', async () => {
    const id = (
      await s.api.post('/interventions', { socid: 1, fk_project: 0, fk_contrat: 1, description: 'On-site', origin: 'ticket', origin_id: ticketId })
    ).data;
    await s.api.post(`/interventions/${id}/lines`, { description: 'Replaced fuser unit', date: 1795359314, duration: 5400 });
    await s.api.post(`/interventions/${id}/lines`, { description: 'Test print', date: 1795364714, duration: 900 });
    const got = await s.api.get(`/interventions/${id}`);
    const rec = recorded('intervention_get_draft').body as Obj;
    expect(shapeDiff(got.data, rec)).toEqual([]);
    expect(shapeDiff(got.data.lines[0], (rec.lines as Obj[])[0])).toEqual([]);
    expect(got.data).toMatchObject({ duration: '6300', statut: '0', fk_contrat: '1' });
    expect(got.data.lines[0]).toMatchObject({ desc: 'Replaced fuser unit', duration: '5400', qty: 1.5 });
    expect(Object.values(got.data.linkedObjectsIds.ticket)).toEqual([String(ticketId)]);
    const validated = await s.api.post(`/interventions/${id}/validate`);
    expect(shapeDiff(validated.data, recorded('intervention_validate').body as Obj)).toEqual([]);
    expect(validated.data).toMatchObject({ statut: 1, status: 1 });
    expect(validated.data.ref).toMatch(/^FI\d{4}-0001$/);
  });

  it('proposal GET has the recorded shape, with linkedObjectsIds keyed by link rowid', async () => {
    const id = (await s.api.post('/proposals', { socid: 1, date: 1795359429, duree_validite: 30, linkedObjectsIds: { ticket: [ticketId] } })).data;
    await s.api.post(`/proposals/${id}/line`, { fk_product: 1, qty: 3, subprice: 80, tva_tx: 20, desc: '3h support', product_type: 1 });
    const got = await s.api.get(`/proposals/${id}`);
    const rec = recorded('proposal_get').body as Obj;
    expect(shapeDiff(got.data, rec)).toEqual([]);
    expect(shapeDiff(got.data.lines[0], (rec.lines as Obj[])[0])).toEqual([]);
    expect(got.data).toMatchObject({ statut: 0, total_ht: '240.00000000', ref: `(PROV${id})` });
    expect(Object.values(got.data.linkedObjectsIds.ticket)).toEqual([String(ticketId)]);
  });

  it('invoice and contract GET have the recorded shapes', async () => {
    const id = (
      await s.api.post('/invoices', {
        socid: 1,
        type: 0,
        date: 1795359640,
        lines: [{ fk_product: 1, qty: 1.75, subprice: 80, tva_tx: 20, desc: 'FI', product_type: 1 }],
        linkedObjectsIds: { ticket: [ticketId] },
      })
    ).data;
    const inv = await s.api.get(`/invoices/${id}`);
    expect(shapeDiff(inv.data, recorded('invoice_get').body as Obj)).toEqual([]);
    expect(inv.data.total_ht).toBe('140.00000000');
    const contract = await s.api.get('/contracts/1');
    const rec = recorded('contract_get').body as Obj;
    expect(shapeDiff(contract.data, rec)).toEqual([]);
    expect(shapeDiff(contract.data.lines[0], (rec.lines as Obj[])[0])).toEqual([]);
    expect(contract.data.lines[0]).toMatchObject({ statut: '4', date_start: 1795359185, date_end_real: '' });
  });

  it('errors use the recorded Restler bodies', async () => {
    const cases: Array<[Promise<{ status: number; data: { error: Obj } }>, string]> = [
      [s.api.get('/tickets/99999'), 'error_404_prod1'],
      [s.api.get('/tickets/2', { headers: { DOLAPIKEY: '' } }), 'error_401_no_key'],
      [s.api.get('/tickets/2', { headers: { DOLAPIKEY: 'wrong' } }), 'error_401_bad_key'],
      [s.api.post('/tickets', { subject: 'no message' }), 'ticket_create_missing_message'],
      [s.api.post('/tickets', { subject: 'dup', message: 'dup', ref: 'HD-1001' }), 'error_500_duplicate_ticket_ref'],
    ];
    for (const [call, name] of cases) {
      const res = await call;
      const rec = recorded(name) as { status: number; body: { error: Obj } };
      expect(res.status).toBe(rec.status);
      expect(Object.keys(res.data.error).sort()).toEqual(Object.keys(rec.body.error).sort());
      if (name !== 'error_500_duplicate_ticket_ref') expect(res.data.error.message).toBe(rec.body.error.message);
    }
  });
});
