import { InputError, NotFoundError } from '../../../src/plugin-sdk';
import { DolibarrClient } from '../../../src/erp/dolibarr';
import { collect } from '../../../src/erp/dolibarr/pagination';
import { API_ROOT, dolibarr, intercept, loadRecording, makeClient, makeErpUser, rawBody, setupNock, testConfig } from './recording';

/** What the local Dolibarr 23.0.0-beta answered (fixtures recorded from it), client-side. */

setupNock();

describe('request body type', () => {
  it('sends body-less actions as an empty application/json request (an empty form is a 400 "notrigger")', async () => {
    const draft = { ...(loadRecording('proposal_get_refused').response.body as Record<string, unknown>), statut: '0' };
    dolibarr()
      .get(`${API_ROOT}/proposals/12`)
      .reply(200, JSON.stringify({ ...draft, id: '12' }));
    const quirk = loadRecording('quirk_form_urlencoded_empty_body_proposal_validate');
    const ok = loadRecording('proposal_validate_json_empty_body');
    let seen: { type: unknown; body: unknown } | undefined;
    dolibarr()
      .post(`${API_ROOT}/proposals/12/validate`)
      .reply(function (_uri, body) {
        seen = { type: this.req.headers['content-type'], body };
        return this.req.headers['content-type'] === 'application/json' && body === ''
          ? [200, rawBody(ok), { 'content-type': 'application/json' }]
          : [400, rawBody(quirk), { 'content-type': 'application/json' }];
      });
    const { client } = makeClient();
    await expect(client.validateProposal(12)).resolves.toBeUndefined();
    expect(seen).toEqual({ type: 'application/json', body: '' });
  });
});

describe('deleteInterventionLine', () => {
  it('deletes a draft line; the 405 Dolibarr answers to a delete that worked is success once the line is gone', async () => {
    intercept('intervention_dl_get_two_lines');
    intercept('intervention_delete_line');
    intercept('intervention_dl_get_after_delete');
    const { client } = makeClient();
    await expect(client.deleteInterventionLine(11, 16)).resolves.toBeUndefined();
  });

  it("a line that is not on the intervention (already gone, or another intervention's) is NotFoundError, and nothing is deleted", async () => {
    intercept('intervention_dl_get_after_delete', { times: 2 });
    const { client } = makeClient();
    await expect(client.deleteInterventionLine(11, 16)).rejects.toBeInstanceOf(NotFoundError);
    // Line 14 belongs to intervention 10: Dolibarr would delete it through /interventions/11 (recorded).
    await expect(client.deleteInterventionLine(11, 14)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an unknown intervention is NotFoundError', async () => {
    dolibarr()
      .get(`${API_ROOT}/interventions/999999`)
      .reply(404, rawBody(loadRecording('intervention_delete_line_unknown_intervention')));
    const { client } = makeClient();
    await expect(client.deleteInterventionLine(999999, 15)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a validated intervention before sending (Dolibarr answers 403 "not in Draft Status")', async () => {
    intercept('intervention_dl_get_validated');
    const { client } = makeClient();
    await expect(client.deleteInterventionLine(11, 15)).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('not a draft') });
  });

  it('keeps the error when the line is still there after the DELETE', async () => {
    intercept('intervention_dl_get_two_lines', { times: 2 });
    intercept('intervention_delete_line');
    const { client } = makeClient();
    await expect(client.deleteInterventionLine(11, 16)).rejects.toMatchObject({ kind: 'invalid', status: 405 });
  });

  it('passes on the 403 of an intervention validated between the read and the DELETE', async () => {
    intercept('intervention_dl_get_two_lines');
    dolibarr()
      .delete(`${API_ROOT}/interventions/11/lines/16`)
      .reply(403, rawBody(loadRecording('intervention_delete_line_validated_403')));
    intercept('intervention_dl_get_two_lines');
    const { client } = makeClient();
    await expect(client.deleteInterventionLine(11, 16)).rejects.toMatchObject({ kind: 'forbidden', status: 403 });
  });
});

describe('items the README listed as unverified', () => {
  it('filters interventions by status with t.fk_statut', async () => {
    intercept('interventions_list_by_status_in');
    const { client } = makeClient();
    const list = await collect(client.listInterventions({ socids: [1], statuses: [1, 3] }));
    expect(list.map((i) => [i.id, i.status])).toEqual([
      [2, 1],
      [4, 3],
      [5, 3],
      [7, 1],
      [11, 1],
    ]);
  });

  it('gets contract lines with withLines=true', async () => {
    intercept('contracts_list_with_lines_true');
    const { client } = makeClient();
    const [contract] = await client.listContracts(1);
    expect(contract.lines.map((l) => [l.productRef, l.status, l.qty])).toEqual([['SUPPORT-CONTRACT', 4, 10]]);
  });

  it('finds a contact by phone with the digit LIKE on t.phone (and t.phone_mobile)', async () => {
    intercept('contacts_list_by_phone_like');
    intercept('contacts_list_by_phone_mobile_like');
    const { client } = makeClient();
    const found = await client.findContactsByPhone('+33 1 23 45 67 80');
    expect(found.map((c) => [c.id, c.phonePro])).toEqual([[1, '+33 1 23 45 67 80']]);
  });

  it('sends caller on third party, contact, proposal, invoice and agenda event creates (Dolibarr accepts it)', async () => {
    const withCaller = (b: unknown) => (b as { caller?: unknown }).caller === 'ticketbridge';
    for (const name of [
      'thirdparty_create_with_caller',
      'contact_create_with_caller',
      'proposal_create_with_caller',
      'invoice_create_with_caller',
      'agendaevent_create_with_caller',
    ]) {
      intercept(name, { body: withCaller });
    }
    const { client } = makeClient();
    const when = new Date(1795430000 * 1000);
    expect(await client.createThirdParty({ name: 'Caller Probe SARL', email: 'caller.probe@probe.example', client: 1 })).toBe(3);
    expect(await client.createContact({ socid: 1, lastname: 'Probe', firstname: 'Caller', email: 'caller.contact@acme.example' })).toBe(3);
    expect(await client.createProposal({ socid: 1, date: when, validityDays: 30 })).toBe(15);
    expect(
      await client.createInvoice({ socid: 1, date: when, lines: [{ description: 'probe', qty: 1, unitPrice: 10, vatRate: 20, productType: 1 }] }),
    ).toBe(5);
    expect(await makeErpUser().createAgendaEvent({ label: 'caller probe', note: '', typeCode: 'AC_OTH', userOwnerId: 1, datep: when })).toBe(87);
  });

  it('refuses a caller Dolibarr would blank (sanitizeVal aZ09: letters, digits, _ - . only)', () => {
    expect(() => new DolibarrClient(testConfig({ caller: 'ticket bridge' }))).toThrow(InputError);
    expect(() => new DolibarrClient(testConfig({ caller: 'ticketbridge-prod.1' }))).not.toThrow();
  });
});

describe('createExtrafield', () => {
  it('gives a double column a precision and a scale (a bare "24" is a 500 DB_ERROR_SYNTAX on a real Dolibarr)', async () => {
    const refused = loadRecording('extrafield_create_double_bare_size_500');
    intercept('extrafield_create_double', {
      body: (b) => {
        const sent = b as { type: string; size: string };
        return sent.type === 'double' && sent.size === '24,8';
      },
    });
    // What the real instance answers to anything else, so a wrong size fails the test rather than leaving a mock pending.
    dolibarr().post(`${API_ROOT}/setup/extrafields/ticket/tbprobe_b`).optionally().reply(500, rawBody(refused));
    const { client } = makeClient();
    await expect(
      client.createExtrafield('ticket', { attrname: 'tbprobe_b', label: 'probe', type: 'double', size: 24, position: 100 }),
    ).resolves.toBeUndefined();
  });
});
