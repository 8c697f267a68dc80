import { InputError, NotFoundError } from '../../../src/plugin-sdk';
import { collect } from '../../../src/erp/dolibarr/pagination';
import { API_ROOT, dolibarr, intercept, loadRecording, makeClient, makeErpUser, rawBody, setupNock } from './recording';

setupNock();

const same = (expected: unknown) => (b: unknown) => JSON.stringify(b) === JSON.stringify(expected);

/** A recorded GET body served for another object id (same state, other id). */
function getAs(recording: string, resource: string, id: number): void {
  const body = loadRecording(recording).response.body as Record<string, unknown>;
  dolibarr()
    .get(`${API_ROOT}/${resource}/${id}`)
    .reply(200, JSON.stringify({ ...body, id: String(id) }));
}

describe('interventions', () => {
  it('creates linked to a ticket through origin/origin_id, with fk_project 0 when none', async () => {
    intercept('intervention_create_from_ticket', {
      body: same({
        socid: 1,
        fk_project: 0,
        description: 'On-site fix for TS2611-0002',
        fk_contrat: 1,
        origin: 'ticket',
        origin_id: 2,
        ref_client: 'HD-1001',
        array_options: { options_tb_billed_invoice: '' },
        caller: 'ticketbridge',
      }),
    });
    const { client } = makeClient();
    expect(
      await client.createIntervention({
        socid: 1,
        description: 'On-site fix for TS2611-0002',
        contractId: 1,
        ticketId: 2,
        refClient: 'HD-1001',
        extrafields: { tb_billed_invoice: '' },
      }),
    ).toBe(1);
  });

  it('adds a line as {description, date (unix), duration (seconds)}', async () => {
    intercept('intervention_add_line', { body: same({ description: 'Replaced fuser unit', date: 1795359314, duration: 5400 }) });
    const { client } = makeClient();
    expect(
      await client.addInterventionLine(1, { description: 'Replaced fuser unit', date: new Date(1795359314 * 1000), durationSeconds: 5400 }),
    ).toBe(1);
  });

  it('validates and closes with an empty JSON request after reading the status', async () => {
    getAs('intervention_get_draft_one_line', 'interventions', 7);
    intercept('intervention_validate_json_empty_body', { noBody: true });
    getAs('intervention_get_validated', 'interventions', 9);
    intercept('intervention_close_json_empty_body', { noBody: true });
    const { client } = makeClient();
    await expect(client.validateIntervention(7)).resolves.toBeUndefined();
    await expect(client.closeIntervention(9)).resolves.toBeUndefined();
  });

  it('does not send an action whose target state is already reached (Dolibarr would answer 304 with a body)', async () => {
    intercept('intervention_get_closed', { times: 2 });
    intercept('intervention_get_validated');
    const { client } = makeClient();
    await expect(client.closeIntervention(5)).resolves.toBeUndefined();
    await expect(client.validateIntervention(5)).resolves.toBeUndefined();
    await expect(client.validateIntervention(7)).resolves.toBeUndefined();
  });

  it('still takes an empty 304 for "already closed"', async () => {
    intercept('intervention_get_validated');
    dolibarr().post(`${API_ROOT}/interventions/7/close`).reply(304, '');
    const { client } = makeClient();
    await expect(client.closeIntervention(7)).resolves.toBeUndefined();
  });

  it('after a 304 the parser rejects (HPE_CLOSED_CONNECTION), reads again: closed meanwhile is success, else the transient error', async () => {
    const parseError = Object.assign(new Error('Parse Error: Data after `Connection: close`'), { code: 'HPE_CLOSED_CONNECTION' });
    intercept('intervention_get_validated');
    dolibarr().post(`${API_ROOT}/interventions/7/close`).replyWithError(parseError);
    const closed = loadRecording('intervention_get_closed').response.body as Record<string, unknown>;
    dolibarr()
      .get(`${API_ROOT}/interventions/7`)
      .reply(200, JSON.stringify({ ...closed, id: '7' }));
    const { client } = makeClient();
    await expect(client.closeIntervention(7)).resolves.toBeUndefined();

    intercept('intervention_get_validated', { times: 2 });
    dolibarr().post(`${API_ROOT}/interventions/7/close`).replyWithError(parseError);
    await expect(client.closeIntervention(7)).rejects.toMatchObject({ kind: 'connection', transient: true });
  });

  it('closing an unknown intervention is NotFoundError, without a POST', async () => {
    dolibarr()
      .get(`${API_ROOT}/interventions/999999`)
      .reply(404, rawBody(loadRecording('intervention_delete_line_unknown_intervention')));
    const { client } = makeClient();
    await expect(client.closeIntervention(999999)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reads lines from desc and duration seconds, and links from linkedObjectsIds', async () => {
    intercept('intervention_get_draft');
    const { client } = makeClient();
    const i = await client.getIntervention(1);
    expect(i).toMatchObject({
      id: 1,
      ref: '(PROV1)',
      socid: 1,
      contractId: 1,
      projectId: null,
      status: 0,
      durationSeconds: 6300,
      linkedObjects: { ticket: [2] },
      extrafields: {},
    });
    expect(i!.lines).toEqual([
      { id: 1, description: 'Replaced fuser unit', date: new Date(1795359314 * 1000), durationSeconds: 5400, rank: 1 },
      { id: 2, description: 'Test print', date: new Date(1795364714 * 1000), durationSeconds: 900, rank: 2 },
    ]);
  });

  it('lists by contract, status and extrafield with linked objects loaded', async () => {
    const row = loadRecording('fichinter_ef_list_filter_by_extrafield').response.body;
    dolibarr()
      .get(`${API_ROOT}/interventions`)
      .query({
        thirdparty_ids: '1,2',
        sqlfilters: "(t.fk_contrat:=:1) and (t.fk_statut:in:1,3) and (ef.tb_billed_invoice:=:'FA2611-0002')",
        loadlinkedobjects: '1',
        limit: '100',
        page: '0',
      })
      .reply(200, JSON.stringify(row));
    const { client } = makeClient();
    const list = await collect(
      client.listInterventions({ socids: [1, 2], contractId: 1, statuses: [1, 3], extrafields: { tb_billed_invoice: 'FA2611-0002' } }),
    );
    expect(list.map((i) => [i.id, i.extrafields.tb_billed_invoice])).toEqual([[3, 'FA2611-0002']]);
  });

  it('finds the interventions of a ticket from the linked objects of the customer interventions', async () => {
    const draft = loadRecording('intervention_get_draft').response.body as Record<string, unknown>;
    const rows = [
      draft,
      { ...draft, id: '2', ref: 'FI2', linkedObjectsIds: [] },
      { ...draft, id: '4', ref: 'FI4', linkedObjectsIds: { ticket: { '9': '7' }, facture: { '3': '2' } } },
    ];
    dolibarr()
      .get(`${API_ROOT}/interventions`)
      .query({ thirdparty_ids: '1', loadlinkedobjects: '1', limit: '100', page: '0' })
      .reply(200, JSON.stringify(rows));
    const { client } = makeClient();
    expect((await client.listInterventionsForTicket(2, 1)).map((i) => i.id)).toEqual([1]);
  });

  it('sets extrafields with PUT array_options (works on closed ones)', async () => {
    intercept('fichinter_ef_put_array_options_after_close', {
      body: same({ array_options: { options_tb_billed_invoice: 'FA2611-0002' }, caller: 'ticketbridge' }),
    });
    const { client } = makeClient();
    await expect(client.setInterventionExtrafields(3, { tb_billed_invoice: 'FA2611-0002' })).resolves.toBeUndefined();
  });
});

describe('proposals and invoices', () => {
  it('creates a proposal linked to the ticket with linkedObjectsIds', async () => {
    intercept('proposal_create_from_ticket', {
      body: same({
        socid: 1,
        date: 1795359429,
        duree_validite: 30,
        linkedObjectsIds: { ticket: [2] },
        ref_client: 'HD-1001',
        note_public: 'Quote for TS2611-0002',
        caller: 'ticketbridge',
      }),
    });
    const { client } = makeClient();
    expect(
      await client.createProposal({
        socid: 1,
        date: new Date(1795359429 * 1000),
        validityDays: 30,
        ticketIds: [2],
        refClient: 'HD-1001',
        notePublic: 'Quote for TS2611-0002',
      }),
    ).toBe(4);
  });

  it('adds lines through the plural endpoint, always as an array, even for one line', async () => {
    let sent: unknown;
    intercept('proposal_add_lines_array', { body: (b) => ((sent = b), true) });
    const { client } = makeClient();
    await client.addProposalLines(4, [{ description: 'Replacement fuser unit', qty: 1, unitPrice: 150, vatRate: 20, productType: 0 }]);
    expect(Array.isArray(sent)).toBe(true);
    expect(sent).toEqual([{ desc: 'Replacement fuser unit', qty: 1, subprice: 150, tva_tx: 20, product_type: 0 }]);
  });

  it('sends nothing for no lines, and refuses a single object', async () => {
    const { client } = makeClient();
    await expect(client.addProposalLines(4, [])).resolves.toBeUndefined();
    await expect(client.addProposalLines(4, { description: 'x' } as never)).rejects.toBeInstanceOf(InputError);
  });

  it('validates with an empty JSON request and closes signed with a note, after reading the status', async () => {
    const draft = { ...(loadRecording('proposal_get').response.body as Record<string, unknown>), statut: '0' };
    const validated = { ...draft, statut: '1' };
    dolibarr().get(`${API_ROOT}/proposals/4`).reply(200, JSON.stringify(draft));
    intercept('proposal_validate', { noBody: true });
    dolibarr().get(`${API_ROOT}/proposals/4`).reply(200, JSON.stringify(validated));
    intercept('proposal_close_signed', { body: same({ status: 2, note_private: 'Signed by Marie via helpdesk' }) });
    const { client } = makeClient();
    await client.validateProposal(4);
    await makeErpUser().closeProposal(4, 2, 'Signed by Marie via helpdesk');
  });

  it('does not re-sign a signed proposal (Dolibarr would re-fire PROPAL_CLOSE_SIGNED) nor validate it again', async () => {
    intercept('proposal_get_signed', { times: 2 });
    const { client } = makeClient();
    await expect(makeErpUser().closeProposal(11, 2)).resolves.toBeUndefined();
    await expect(client.validateProposal(11)).resolves.toBeUndefined();
  });

  it('refuses to flip a closed proposal to the other outcome (Dolibarr would turn signed into refused)', async () => {
    intercept('proposal_get_signed');
    intercept('proposal_get_refused');
    await expect(makeErpUser().closeProposal(11, 3)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('already closed as signed'),
    });
    await expect(makeErpUser().closeProposal(13, 2)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('already closed as refused'),
    });
  });

  it('an empty 304 on close is still success', async () => {
    const validated = { ...(loadRecording('proposal_get').response.body as Record<string, unknown>), statut: '1' };
    dolibarr().get(`${API_ROOT}/proposals/4`).reply(200, JSON.stringify(validated));
    dolibarr().post(`${API_ROOT}/proposals/4/close`).reply(304, '');
    await expect(makeErpUser().closeProposal(4, 3)).resolves.toBeUndefined();
  });

  it('reads a proposal with lines, totals, signature date and links', async () => {
    intercept('proposal_get');
    const { client } = makeClient();
    const p = await client.getProposal(4);
    expect(p).toMatchObject({
      id: 4,
      ref: 'PR2611-0002',
      socid: 1,
      status: 2,
      totalHt: 1590,
      dateSignature: new Date(1795359433 * 1000),
      linkedObjects: { ticket: [2] },
    });
    expect(p!.lines[0]).toEqual({ id: 10, productId: 1, description: '3h support for TS2611-0002', qty: 3, unitPrice: 80, vatRate: 20 });
  });

  it('creates an invoice with lines and links, validates it, reads it', async () => {
    intercept('invoice_create_with_lines', {
      body: same({
        socid: 1,
        type: 0,
        date: 1795359640,
        ref_client: 'HD-1001',
        lines: [{ fk_product: 1, desc: 'Intervention FI2611-0001 (1h45)', qty: 1.75, subprice: 80, tva_tx: 20, product_type: 1 }],
        linkedObjectsIds: { fichinter: [1], ticket: [2] },
        caller: 'ticketbridge',
      }),
    });
    dolibarr()
      .get(`${API_ROOT}/invoices/1`)
      .reply(200, JSON.stringify({ ...(loadRecording('invoice_get').response.body as Record<string, unknown>), statut: '0' }));
    intercept('invoice_validate', { noBody: true });
    intercept('invoice_get');
    const { client } = makeClient();
    const id = await client.createInvoice({
      socid: 1,
      date: new Date(1795359640 * 1000),
      refClient: 'HD-1001',
      lines: [{ productId: 1, description: 'Intervention FI2611-0001 (1h45)', qty: 1.75, unitPrice: 80, vatRate: 20, productType: 1 }],
      linkedObjects: { fichinter: [1], ticket: [2] },
    });
    expect(id).toBe(1);
    await makeErpUser().validateInvoice(1);
    expect(await client.getInvoice(1)).toEqual({
      id: 1,
      ref: 'FA2611-0001',
      socid: 1,
      refClient: 'HD-1001',
      status: 1,
      totalHt: 290,
      linkedObjects: { fichinter: [1], ticket: [2] },
    });
  });
});

describe('invoice validation', () => {
  it('does not validate an invoice that is past draft (Dolibarr would answer 304 with a body)', async () => {
    intercept('invoice_get_validated');
    await expect(makeErpUser().validateInvoice(4)).resolves.toBeUndefined();
  });
});

describe('documents, dictionaries, extrafields, agenda', () => {
  it('uploads with modulepart ticket and the numeric id as ref', async () => {
    const content = Buffer.from('Hello from the helpdesk connector.\nAttachment test.\n');
    intercept('document_upload_ticket', {
      body: (b) =>
        JSON.stringify(Object.entries(b as object).sort()) ===
        JSON.stringify(
          Object.entries({
            filename: 'customer-log.txt',
            modulepart: 'ticket',
            ref: '2',
            filecontent: content.toString('base64'),
            fileencoding: 'base64',
            overwriteifexists: 0,
          }).sort(),
        ),
    });
    const { client } = makeClient();
    expect(await client.uploadTicketDocument(2, { filename: 'customer-log.txt', content })).toBe('customer-log.txt');
  });

  it('reads the mixed HTML+JSON 500 of a failed upload and keeps Dolibarr message', async () => {
    intercept('document_upload_ticket_by_ref_FAILS', { body: () => true });
    const { client } = makeClient();
    const err = await client.uploadTicketDocument(2, { filename: 'customer-log.txt', content: Buffer.from('Hello') }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: 'server',
      status: 500,
      remoteMessage: 'Internal Server Error: Error while fetching object: ErrorWrongParameters',
    });
  });

  it('lists documents; none is a 404 that means []', async () => {
    intercept('documents_list_ticket_by_id');
    intercept('documents_list_ticket_empty');
    const { client } = makeClient();
    expect(await client.listTicketDocuments(2)).toEqual([
      { name: 'customer-log.txt', relativeName: 'customer-log.txt', size: 52, date: new Date(1795359591 * 1000) },
    ]);
    expect(await client.listTicketDocuments(1)).toEqual([]);
  });

  it('reads the three ticket dictionaries', async () => {
    const q = { limit: '100', page: '0' };
    intercept('dict_ticket_types', { query: q });
    intercept('dict_ticket_categories', { query: q });
    intercept('dict_ticket_severities', { query: q });
    const { client } = makeClient();
    const types = await client.ticketTypes();
    expect(types.map((t) => t.code)).toEqual(['COM', 'HELP', 'ISSUE', 'OTHER', 'REQUEST']);
    expect(types.find((t) => t.code === 'OTHER')).toEqual({ rowid: 7, code: 'OTHER', label: 'Other', useDefault: true, active: true });
    expect(await client.ticketCategories()).toEqual([{ rowid: 1, code: 'OTHER', label: 'Other', useDefault: true, active: true }]);
    expect((await client.ticketSeverities()).map((s) => s.code)).toEqual(['BLOCKING', 'HIGH', 'LOW', 'NORMAL']);
  });

  it('lists and creates extrafields', async () => {
    intercept('extrafields_list_ticket');
    intercept('extrafield_create_fichinter', {
      body: (b) => (b as { label: string; type: string }).label === 'Billed by invoice' && (b as { type: string }).type === 'varchar',
    });
    const { client } = makeClient();
    expect(await client.listExtrafields('ticket')).toEqual([
      { elementType: 'ticket', attrname: 'helpdesk_id', label: 'Helpdesk ticket ID', type: 'varchar', visibility: '1', position: 100 },
    ]);
    await client.createExtrafield('fichinter', { attrname: 'tb_billed_invoice', label: 'Billed by invoice', type: 'varchar', size: 64 });
    await expect(client.createExtrafield('ticket', { attrname: 'Bad-Name', label: 'x', type: 'int' })).rejects.toBeInstanceOf(InputError);
  });

  it('creates an agenda event linked to a ticket', async () => {
    intercept('agendaevent_create_linked_ticket', {
      body: same({
        userownerid: 1,
        type_code: 'AC_TEL',
        label: 'Phone call with Marie about TS2611-0002',
        note: 'Customer called; printer unplugged',
        datep: 1795359263,
        socid: 1,
        elementtype: 'ticket',
        fk_element: 2,
        caller: 'ticketbridge',
      }),
    });
    expect(
      await makeErpUser().createAgendaEvent({
        label: 'Phone call with Marie about TS2611-0002',
        note: 'Customer called; printer unplugged',
        typeCode: 'AC_TEL',
        userOwnerId: 1,
        ticketId: 2,
        socid: 1,
        datep: new Date(1795359263 * 1000),
      }),
    ).toBe(19);
  });

  it('reports a missing type_code as the 400 Dolibarr gives', async () => {
    intercept('agendaevent_create_missing_type', { body: () => true });
    await expect(makeErpUser().createAgendaEvent({ label: 'x', note: '', typeCode: '', userOwnerId: 1, datep: new Date(0) })).rejects.toMatchObject({
      kind: 'invalid',
      remoteMessage: 'Bad Request: type_code field missing',
    });
  });

  it('a 404 on a create is NotFoundError (upload to an unknown ticket)', async () => {
    intercept('document_upload_ticket_badid', { body: () => true });
    const { client } = makeClient();
    await expect(client.uploadTicketDocument(9999, { filename: 'x.txt', content: Buffer.from('x') })).rejects.toBeInstanceOf(NotFoundError);
  });
});
