import { InvalidRequestError } from '../../../src/plugin-sdk';
import { intercept, loadRecording, makeClient, setupNock } from './recording';

setupNock();

/** What issue 15 relies on, recorded on the real Dolibarr 23.0.0-beta (test/real-dolibarr/probe-cards.ts). */
describe('Dolibarr as its users see it: client calls recorded on a real Dolibarr 23', () => {
  const sent = (name: string) => loadRecording(name).request.body as Record<string, unknown>;

  it('closes a ticket with what a user close writes (date, 100 %, read date) and clears the origin e-mail', async () => {
    const body = sent('cards_ticket_put_close_fields');
    intercept('cards_ticket_put_close_fields', { body: (b) => matches(b, body) });
    const { client } = makeClient();
    const t = await client.updateTicket(4, {
      status: 8,
      progress: 100,
      closedAt: new Date(1796424163 * 1000),
      readAt: new Date(1796424103 * 1000),
      originEmail: null,
    });
    expect(t).toMatchObject({
      status: 8,
      progress: 100,
      originEmail: null,
      closedAt: new Date(1796424163 * 1000),
      readAt: new Date(1796424103 * 1000),
    });
  });

  it('reopens a ticket: an empty closing date is cleared, the read date stays', async () => {
    intercept('cards_ticket_put_reopen_clears_close', { body: (b) => matches(b, { status: 3, progress: 0, date_close: '' }) });
    const { client } = makeClient();
    const t = await client.updateTicket(4, { status: 3, progress: 0, closedAt: null });
    expect(t).toMatchObject({ status: 3, progress: 0, closedAt: null, readAt: new Date(1796424103 * 1000) });
  });

  it('posts a titled message as an agenda event: the customer as a portal author, and a private note', async () => {
    intercept('cards_agendaevent_ticket_msg_customer', {
      body: (b) =>
        matches(b, {
          type_code: 'AC_OTH_AUTO',
          code: 'TICKET_MSG',
          label: 'Marie Durand – customer message',
          userownerid: 0,
          email_from: 'marie.durand@acme.example',
          contact_id: 1,
          elementtype: 'ticket',
          fk_element: 4,
        }),
    });
    intercept('cards_agendaevent_ticket_msg_private', {
      body: (b) => matches(b, { code: 'TICKET_MSG_PRIVATE', label: 'Agent Smith – internal note', userownerid: 1 }),
    });
    const { client } = makeClient();
    const at = new Date(1796424137 * 1000);
    expect(
      await client.postTicketMessage({
        ticketId: 4,
        socid: 1,
        label: 'Marie Durand – customer message',
        text: 'It still jams.',
        private: false,
        authorUserId: 0,
        emailFrom: 'marie.durand@acme.example',
        contactId: 1,
        date: at,
      }),
    ).toBe(18);
    expect(
      await client.postTicketMessage({
        ticketId: 4,
        socid: 1,
        label: 'Agent Smith – internal note',
        text: 'Roller worn out.',
        private: true,
        authorUserId: 1,
        date: at,
      }),
    ).toBe(19);
  });

  it('reads the titled messages back as real messages, private as private', async () => {
    intercept('cards_agendaevents_list_titled_messages', { query: true });
    const { client } = makeClient();
    const messages = await client.listTicketMessages(4);
    expect(messages.map((m) => [m.id, m.code, m.label])).toEqual([
      [18, 'TICKET_MSG', 'Marie Durand – customer message'],
      [19, 'TICKET_MSG_PRIVATE', 'Agent Smith – internal note'],
    ]);
  });

  it("writes a contract's extrafields and reads them back", async () => {
    intercept('cards_contract_put_array_options', { body: (b) => matches(b, { array_options: { options_tb_probe_hours: 7.5 } }) });
    intercept('cards_contract_get_with_extrafields');
    const { client } = makeClient();
    await client.setContractExtrafields(1, { tb_probe_hours: 7.5 });
    expect((await client.getContract(1))?.extrafields).toEqual({ tb_probe_hours: '7.50000000' });
  });

  it("finds the customer's draft invoice of a period by its customer ref, and adds a labelled line to it", async () => {
    intercept('cards_invoices_list_draft_by_ref_client', {
      query: (q) => q.status === 'draft' && q.thirdparty_ids === '1' && q.sqlfilters.includes("t.ref_client:=:'Support probe mx9kl4q3'"),
    });
    intercept('cards_invoice_add_line_with_label', {
      body: (b) =>
        matches(b, { label: 'FI-PROBE2 · ticket HD-PROBE · 2026-12-05', desc: 'Intervention FI-PROBE2', qty: 0.5, date_start: 1796424201 }),
    });
    const { client } = makeClient();
    const draft = await client.findDraftInvoice({ socid: 1, refClient: 'Support probe mx9kl4q3' });
    expect(draft).toMatchObject({ id: 1, status: 0, refClient: 'Support probe mx9kl4q3' });
    const lineId = await client.addInvoiceLine(1, {
      productId: 2,
      label: 'FI-PROBE2 · ticket HD-PROBE · 2026-12-05',
      description: 'Intervention FI-PROBE2',
      qty: 0.5,
      unitPrice: 80,
      vatRate: 20,
      productType: 1,
      dateStart: new Date(1796424201 * 1000),
      dateEnd: new Date(1796424201 * 1000),
    });
    expect(lineId).toBe(2);
  });

  it('finds no draft once the invoice is validated, and a line on a validated invoice is refused', async () => {
    intercept('cards_invoices_list_draft_none_after_validate', { query: true });
    intercept('cards_invoice_add_line_validated_refused', { body: () => true });
    const { client } = makeClient();
    expect(await client.findDraftInvoice({ socid: 1, refClient: 'Support probe mx9kl4q3' })).toBeNull();
    await expect(
      client.addInvoiceLine(1, { productId: 2, description: 'late', qty: 1, unitPrice: 80, vatRate: 20, productType: 1 }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('defines a link extrafield (shown as the linked object) and hides one by updating its visibility', async () => {
    intercept('cards_extrafield_create_link', {
      body: (b) => matches(b, { type: 'link', list: '5', param: { options: { 'Facture:compta/facture/class/facture.class.php': null } } }),
    });
    intercept('cards_extrafield_update_visibility', { body: (b) => matches(b, { label: 'Probe invoice link (hidden)', list: '0' }) });
    intercept('cards_extrafields_list_fichinter_link');
    const { client } = makeClient();
    const def = {
      attrname: 'tb_probe_link',
      label: 'Probe invoice link',
      type: 'link' as const,
      position: 201,
      visibility: 5 as const,
      linkTo: 'Facture:compta/facture/class/facture.class.php',
    };
    await client.createExtrafield('fichinter', def);
    await client.updateExtrafield('fichinter', { ...def, label: 'Probe invoice link (hidden)', visibility: 0 });
    const listed = await client.listExtrafields('fichinter');
    expect(listed.find((d) => d.attrname === 'tb_probe_link')).toMatchObject({ type: 'link', visibility: '5', position: 201 });
  });

  it("keeps an HTML extrafield's text only: the API strips tags from every extrafield value (why the link is a url field)", () => {
    const rec = loadRecording('cards_ticket_put_html_extrafield_stripped');
    expect((rec.request.body as { array_options: Record<string, string> }).array_options.options_tb_probe_html).toContain('<a href=');
    expect((rec.response.body as { array_options: Record<string, string> }).array_options.options_tb_probe_html).toBe('znuny #1');
  });
});

/** Every expected key is in the sent body with an equal value (deep, as JSON). */
function matches(sentBody: unknown, expected: Record<string, unknown>): boolean {
  const b = sentBody as Record<string, unknown>;
  return Object.entries(expected).every(([k, v]) => JSON.stringify(b[k]) === JSON.stringify(v));
}
