/**
 * Probes a REAL test Dolibarr for what issue 15 relies on, and records the answers as fixtures
 * (test/fixtures/dolibarr/cards_*.json). Writes to that Dolibarr: never point it at production.
 *   DOLIBARR_URL=... DOLIBARR_API_KEY=<admin key> npx ts-node --transpile-only test/real-dolibarr/probe-cards.ts
 */
import { call, configured } from './record';

const log = (what: string, value: unknown) => console.log(`${what}: ${JSON.stringify(value)}`);

async function main(): Promise<void> {
  if (!configured()) throw new Error('set DOLIBARR_URL and DOLIBARR_API_KEY (a test instance)');
  const run = Date.now().toString(36);
  const now = Math.floor(Date.now() / 1000);
  if (process.argv.includes('--billing-only')) return billingOnly();
  const created = await call('POST', '/tickets', {
    subject: `Cards probe ${run}`,
    message: 'probe',
    fk_soc: 1,
    origin_email: 'marie.durand@acme.example',
    ref: `PRB-${run}`,
    track_id: `prb${run}`,
  });
  const id = created.body as number;
  log('ticket', id);

  const closed = await call(
    'PUT',
    `/tickets/${id}`,
    { status: 8, progress: 100, date_close: now, date_read: now - 60, origin_email: '' },
    'cards_ticket_put_close_fields',
  );
  const c = closed.body as Record<string, unknown>;
  log('after close PUT', {
    status: c.status,
    fk_statut: c.fk_statut,
    progress: c.progress,
    date_close: c.date_close,
    date_read: c.date_read,
    origin_email: c.origin_email,
  });

  const reopened = await call('PUT', `/tickets/${id}`, { status: 3, progress: 0, date_close: '' }, 'cards_ticket_put_reopen_clears_close');
  const r = reopened.body as Record<string, unknown>;
  log('after reopen PUT', { status: r.status, progress: r.progress, date_close: r.date_close, date_read: r.date_read });

  const withDates = await call(
    'POST',
    '/tickets',
    {
      subject: `Cards probe closed ${run}`,
      message: 'probe',
      fk_soc: 1,
      ref: `PRC-${run}`,
      track_id: `prc${run}`,
      status: 8,
      progress: 100,
      date_close: now,
      date_read: now,
    },
    'cards_ticket_create_closed_with_dates',
  );
  const got = await call('GET', `/tickets/${withDates.body as number}`, undefined, 'cards_ticket_get_created_closed');
  const g = got.body as Record<string, unknown>;
  log('created closed', { status: g.status, progress: g.progress, date_close: g.date_close, date_read: g.date_read });

  const customerMsg = await call(
    'POST',
    '/agendaevents',
    {
      type_code: 'AC_OTH_AUTO',
      code: 'TICKET_MSG',
      label: 'Marie Durand – customer message',
      note_private: 'It still jams.',
      elementtype: 'ticket',
      fk_element: id,
      socid: 1,
      datep: now - 30,
      userownerid: 0,
      email_from: 'marie.durand@acme.example',
      contact_id: 1,
      percentage: -1,
      caller: 'ticketbridge',
    },
    'cards_agendaevent_ticket_msg_customer',
  );
  log('customer message event', customerMsg);
  const agentNote = await call(
    'POST',
    '/agendaevents',
    {
      type_code: 'AC_OTH_AUTO',
      code: 'TICKET_MSG_PRIVATE',
      label: 'Agent Smith – internal note',
      note_private: 'Roller worn out.',
      elementtype: 'ticket',
      fk_element: id,
      socid: 1,
      datep: now - 20,
      userownerid: 1,
      percentage: -1,
      caller: 'ticketbridge',
    },
    'cards_agendaevent_ticket_msg_private',
  );
  log('private note event', agentNote);
  const ev = await call('GET', `/agendaevents/${customerMsg.body as number}`, undefined, 'cards_agendaevent_get_customer_msg');
  const e = ev.body as Record<string, unknown>;
  log('event get', {
    code: e.code,
    label: e.label,
    userownerid: e.userownerid,
    authorid: e.authorid,
    email_from: e.email_from,
    elementtype: e.elementtype,
  });
  const withMessages = await call('GET', `/tickets/${id}`, undefined, 'cards_ticket_get_titled_messages');
  log(
    'ticket messages',
    ((withMessages.body as { messages?: unknown[] }).messages ?? []).map((m) => m),
  );
  const listed = await call(
    'GET',
    `/agendaevents?sqlfilters=${encodeURIComponent(`(t.elementtype:=:'ticket') and (t.fk_element:=:${id}) and (t.code:like:'TICKET_MSG%')`)}&sortfield=t.datep&sortorder=ASC`,
    undefined,
    'cards_agendaevents_list_titled_messages',
  );
  log(
    'listed',
    (listed.body as Array<Record<string, unknown>>).map((x) => [x.id, x.code, x.label]),
  );

  const html = await call('POST', '/setup/extrafields/ticket/tb_probe_html', {
    label: 'Probe html',
    type: 'html',
    size: '',
    pos: 200,
    list: '0',
    enabled: '1',
    entity: '1',
    param: '',
  });
  log('html extrafield create', html.status);
  const htmlPut = await call(
    'PUT',
    `/tickets/${id}`,
    { array_options: { options_tb_probe_html: '<a href="https://hd.example.com/t/1">znuny #1</a>' } },
    'cards_ticket_put_html_extrafield_stripped',
  );
  log('html extrafield after PUT', (htmlPut.body as { array_options?: Record<string, unknown> }).array_options?.options_tb_probe_html);
  await call('DELETE', '/setup/extrafields/ticket/tb_probe_html');

  log('users/info', (await call('GET', '/users/info', undefined, 'cards_users_info')).status);

  await billingOnly();
}

async function billingOnly(): Promise<void> {
  const run = Date.now().toString(36);
  const now = Math.floor(Date.now() / 1000);
  // setup-erp's new kinds of definitions: a link to an object, a visibility, an update of an existing one.
  const link = await call(
    'POST',
    '/setup/extrafields/fichinter/tb_probe_link',
    {
      label: 'Probe invoice link',
      type: 'link',
      size: '',
      pos: 201,
      list: '5',
      enabled: '1',
      entity: '1',
      param: { options: { 'Facture:compta/facture/class/facture.class.php': null } },
    },
    'cards_extrafield_create_link',
  );
  log('link extrafield create', link);
  const defs = await call('GET', '/setup/extrafields?elementtype=fichinter', undefined, 'cards_extrafields_list_fichinter_link');
  log('link def', (defs.body as Record<string, Record<string, unknown>>).fichinter?.tb_probe_link);
  const upd = await call(
    'PUT',
    '/setup/extrafields/fichinter/tb_probe_link',
    {
      label: 'Probe invoice link (hidden)',
      type: 'link',
      size: '',
      pos: 201,
      list: '0',
      enabled: '1',
      entity: '1',
      param: { options: { 'Facture:compta/facture/class/facture.class.php': null } },
    },
    'cards_extrafield_update_visibility',
  );
  log('update', upd);
  const after = await call('GET', '/setup/extrafields?elementtype=fichinter');
  const def = (after.body as Record<string, Record<string, Record<string, unknown>>>).fichinter?.tb_probe_link;
  log('after update', { label: def?.label, list: def?.list, param: def?.param });
  await call('DELETE', '/setup/extrafields/fichinter/tb_probe_link');

  const ctDef = await call('POST', '/setup/extrafields/contrat/tb_probe_hours', {
    label: 'Probe hours',
    type: 'double',
    size: '24,8',
    pos: 202,
    list: '5',
    enabled: '1',
    entity: '1',
    param: '',
  });
  log('contract extrafield', ctDef.status);
  const ctPut = await call(
    'PUT',
    '/contracts/1',
    { array_options: { options_tb_probe_hours: 7.5 }, caller: 'ticketbridge' },
    'cards_contract_put_array_options',
  );
  log('contract PUT', { status: ctPut.status, options: (ctPut.body as { array_options?: unknown }).array_options });
  const ctGet = await call('GET', '/contracts/1', undefined, 'cards_contract_get_with_extrafields');
  log('contract GET options', (ctGet.body as { array_options?: unknown }).array_options);
  await call('DELETE', '/setup/extrafields/contrat/tb_probe_hours');

  const refClient = `Support probe ${run}`;
  const inv = await call('POST', '/invoices', {
    socid: 1,
    type: 0,
    date: now,
    ref_client: refClient,
    lines: [
      {
        fk_product: 2,
        label: 'FI-PROBE · ticket HD-PROBE · 2026-12-04',
        desc: 'Intervention FI-PROBE',
        qty: 1,
        subprice: 80,
        tva_tx: 20,
        product_type: 1,
        date_start: now,
        date_end: now,
      },
    ],
  });
  log('invoice', inv);
  const drafts = await call(
    'GET',
    `/invoices?thirdparty_ids=1&status=draft&sqlfilters=${encodeURIComponent(`(t.ref_client:=:'${refClient}')`)}&sortfield=t.rowid&sortorder=DESC&limit=100&page=0`,
    undefined,
    'cards_invoices_list_draft_by_ref_client',
  );
  log(
    'drafts',
    (drafts.body as Array<Record<string, unknown>>).map((d) => [d.id, d.ref, d.statut, d.ref_client]),
  );
  const line = await call(
    'POST',
    `/invoices/${inv.body as number}/lines`,
    {
      fk_product: 2,
      label: 'FI-PROBE2 · ticket HD-PROBE · 2026-12-05',
      desc: 'Intervention FI-PROBE2',
      qty: 0.5,
      subprice: 80,
      tva_tx: 20,
      product_type: 1,
      date_start: now,
      date_end: now,
    },
    'cards_invoice_add_line_with_label',
  );
  log('line', line);
  const invGet = await call('GET', `/invoices/${inv.body as number}`, undefined, 'cards_invoice_get_two_labelled_lines');
  log(
    'lines',
    ((invGet.body as { lines?: Array<Record<string, unknown>> }).lines ?? []).map((l) => [l.label, l.desc, l.date_start]),
  );
  await call('POST', `/invoices/${inv.body as number}/validate`, { notrigger: 0 });
  const validatedDrafts = await call(
    'GET',
    `/invoices?thirdparty_ids=1&status=draft&sqlfilters=${encodeURIComponent(`(t.ref_client:=:'${refClient}')`)}&limit=100&page=0`,
    undefined,
    'cards_invoices_list_draft_none_after_validate',
  );
  log('drafts after validate', validatedDrafts.status);
  const lineOnValidated = await call(
    'POST',
    `/invoices/${inv.body as number}/lines`,
    { fk_product: 2, desc: 'late', qty: 1, subprice: 80, tva_tx: 20, product_type: 1 },
    'cards_invoice_add_line_validated_refused',
  );
  log('line on validated', lineOnValidated);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
