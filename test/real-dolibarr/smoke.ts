/**
 * Smoke check of the Dolibarr client against a REAL Dolibarr (not the double).
 * Run: DOLIBARR_URL=... DOLIBARR_API_KEY=... npx ts-node --transpile-only test/real-dolibarr/smoke.ts
 * Expects the seed described in the issue: third party ACME (contact@acme.example, +33123456789),
 * contact marie.durand@acme.example, services SUPPORT-CONTRACT and SUPPORT-HOUR (80), a validated
 * contract of ACME with a running SUPPORT-CONTRACT line of qty 10, ticket dictionaries as shipped.
 * Prints one line per step (OK / FAIL / SKIP) and exits 1 if any step failed.
 * It writes to that Dolibarr (tickets, interventions, a proposal, an invoice): never point it at production.
 */
import { dolibarrConfigSchema } from '../../src/config/schema';
import { IntegrationError, NotFoundError } from '../../src/plugin-sdk';
import { checkDolibarr, DolibarrClient, type DolibarrApi } from '../../src/erp/dolibarr';
import { ErpUser } from '../support/erp-user';

const url = process.env.DOLIBARR_URL;
const apiKey = process.env.DOLIBARR_API_KEY;
if (!url || !apiKey) {
  console.error('Refusing to run: set DOLIBARR_URL and DOLIBARR_API_KEY (a test instance, never production).');
  process.exit(2);
}

const STEP_TIMEOUT_MS = 60_000;
const runId = `SMOKE-${Date.now().toString(36).toUpperCase()}`;
const counts = { ok: 0, fail: 0, skip: 0 };

class Check extends Error {}
function expect(cond: unknown, what: string): asserts cond {
  if (!cond) throw new Check(what);
}

function describeError(err: unknown): string {
  if (err instanceof IntegrationError) {
    const log = err.toLog();
    const cause = err.cause instanceof Error ? ` cause=${err.cause.message}` : '';
    return `${err.name}: ${err.message} ${JSON.stringify(log)}${cause}`;
  }
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one step; `needs` lists values from earlier steps, and the step is skipped if one is missing. */
async function step<T>(name: string, needs: unknown[], fn: () => Promise<[T, string]>): Promise<T | undefined> {
  if (needs.some((n) => n === undefined || n === null)) {
    counts.skip += 1;
    console.log(`SKIP ${name}: an earlier step it depends on failed`);
    return undefined;
  }
  try {
    const [value, detail] = await withTimeout(fn());
    counts.ok += 1;
    console.log(`OK   ${name}: ${detail}`);
    return value;
  } catch (err) {
    counts.fail += 1;
    console.log(`FAIL ${name}: ${describeError(err)}`);
    return undefined;
  }
}

async function collect<T>(it: AsyncIterable<T>, max = 10_000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of it) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

async function main(api: DolibarrApi, erpUser: ErpUser): Promise<void> {
  const startedAt = new Date(Date.now() - 60_000);

  await step('status', [], async () => {
    const s = await api.status();
    expect(/^\d+\.\d+/.test(s.version), `version looks wrong: ${s.version}`);
    return [s, `version ${s.version}, accessLocked=${s.accessLocked}`];
  });
  await step('modules enabled', [], async () => {
    const m = await api.enabledModules();
    const needed = ['api', 'ticket', 'societe', 'contrat', 'ficheinter', 'propal', 'facture', 'agenda', 'service'];
    const missing = needed.filter((n) => !m.enabled.includes(n));
    expect(missing.length === 0, `missing modules: ${missing.join(',')} (enabled: ${m.enabled.join(',')})`);
    return [m, m.enabled.join(',')];
  });

  await step('checkDolibarr', [], async () => {
    const r = await checkDolibarr(api);
    expect(r.ok, r.lines.join(' | '));
    return [r, r.lines.join(' | ')];
  });

  // Customers.
  const acme = await step('third party by e-mail', [], async () => {
    const found = await api.findThirdPartiesByEmail('contact@acme.example');
    const tp = found.find((t) => t.name === 'ACME');
    expect(tp, `ACME not among ${JSON.stringify(found)}`);
    return [tp, `id ${tp.id} ${tp.name} ${tp.codeClient ?? ''} (${found.length} match)`];
  });
  await step('third party by unknown e-mail → []', [], async () => {
    const found = await api.findThirdPartiesByEmail(`nobody-${runId.toLowerCase()}@nowhere.example`);
    expect(found.length === 0, `expected none, got ${found.length}`);
    return [found, 'none'];
  });
  const apostrophe = "o'brien.smoke@acme.example";
  await step('third party by apostrophe e-mail', [], async () => {
    let found = await api.findThirdPartiesByEmail(apostrophe);
    let created = '';
    if (found.length === 0) {
      const id = await api.createThirdParty({ name: "O'Brien Smoke Ltd", email: apostrophe, client: 1 });
      created = ` (created id ${id})`;
      found = await api.findThirdPartiesByEmail(apostrophe);
    }
    expect(found.length === 1 && found[0].email === apostrophe, `got ${JSON.stringify(found)}`);
    return [found, `found id ${found[0].id} "${found[0].name}"${created}`];
  });
  await step('contact by apostrophe e-mail', [acme], async () => {
    let found = await api.findContactsByEmail(apostrophe);
    if (found.length === 0) {
      await api.createContact({ socid: acme!.id, lastname: "O'Brien", firstname: 'Sean', email: apostrophe });
      found = await api.findContactsByEmail(apostrophe);
    }
    expect(found.length >= 1 && found[0].email === apostrophe, `got ${JSON.stringify(found)}`);
    return [found, `contact id ${found[0].id}`];
  });
  await step('third party by phone (spaced input)', [acme], async () => {
    const found = await api.findThirdPartiesByPhone('+33 1 23.45 67 89');
    expect(
      found.some((t) => t.id === acme!.id),
      `ACME not among ${JSON.stringify(found)}`,
    );
    return [found, `${found.length} match, phone ${found[0].phone}`];
  });
  await step('third parties by e-mail domain', [acme], async () => {
    const found = await api.findThirdPartiesByEmailDomain('acme.example');
    expect(
      found.some((t) => t.id === acme!.id),
      `ACME not among ${found.map((t) => t.name).join(',')}`,
    );
    return [found, found.map((t) => `${t.id}:${t.name}`).join(', ')];
  });
  const marie = await step('contact by e-mail', [acme], async () => {
    const found = await api.findContactsByEmail('marie.durand@acme.example');
    const c = found.find((x) => x.socid === acme!.id);
    expect(c, `no contact of ACME among ${JSON.stringify(found)}`);
    return [c, `id ${c.id} ${c.firstname} ${c.lastname}, phonePro ${c.phonePro}`];
  });
  await step('contact by phone', [marie], async () => {
    const phone = marie!.phonePro ?? marie!.phoneMobile;
    expect(phone, 'seed contact has no phone');
    const found = await api.findContactsByPhone(phone);
    expect(
      found.some((c) => c.id === marie!.id),
      `contact ${marie!.id} not among ${JSON.stringify(found)}`,
    );
    return [found, `${found.length} match for ${phone}`];
  });

  // Users and products.
  const admin = await step('user by login', [], async () => {
    const u = await api.findUserByLogin('admin');
    expect(u && u.login === 'admin', `got ${JSON.stringify(u)}`);
    return [u, `id ${u.id}, active=${u.active}`];
  });
  await step('user by unknown e-mail → null', [], async () => {
    const u = await api.findUserByEmail(`nobody-${runId.toLowerCase()}@nowhere.example`);
    expect(u === null, `expected null, got ${JSON.stringify(u)}`);
    return [u, 'null'];
  });
  await step('list users', [admin], async () => {
    const users = await collect(erpUser.listUsers());
    expect(
      users.some((u) => u.id === admin!.id),
      'admin missing',
    );
    return [users, `${users.length} users`];
  });
  await step('product SUPPORT-CONTRACT by ref', [], async () => {
    const p = await api.getProductByRef('SUPPORT-CONTRACT');
    expect(p && p.type === 1, `got ${JSON.stringify(p)}`);
    return [p, `id ${p.id}, type ${p.type}, duration ${p.duration}`];
  });
  const hour = await step('product SUPPORT-HOUR by ref', [], async () => {
    const p = await api.getProductByRef('SUPPORT-HOUR');
    expect(p && p.type === 1 && p.price === 80, `got ${JSON.stringify(p)}`);
    return [p, `id ${p.id}, price ${p.price}, vat ${p.vatRate}`];
  });
  await step('unknown product → null', [], async () => {
    const p = await api.getProductByRef(`NOPE-${runId}`);
    expect(p === null, `got ${JSON.stringify(p)}`);
    return [p, 'null'];
  });

  // Contracts.
  const contract = await step('contracts of ACME with lines', [acme], async () => {
    const list = await api.listContracts(acme!.id);
    const c = list.find((k) => k.lines.some((l) => l.productRef === 'SUPPORT-CONTRACT' && l.status === 4 && l.qty === 10));
    expect(c, `no contract with a running SUPPORT-CONTRACT line qty 10 among ${JSON.stringify(list)}`);
    return [c, `${list.length} contract(s); ${c.ref} status ${c.status}, ${c.lines.length} line(s)`];
  });
  await step('contract by id', [contract], async () => {
    const c = await api.getContract(contract!.id);
    const line = c?.lines.find((l) => l.productRef === 'SUPPORT-CONTRACT');
    expect(c && line && line.status === 4 && line.dateStartReal instanceof Date, `got ${JSON.stringify(c)}`);
    return [c, `${c.ref} line ${line.id} running since ${line.dateStartReal.toISOString()}`];
  });

  // Extrafields, created once per instance.
  const extra = await step('extrafields list + create (ticket, fichinter)', [], async () => {
    const created: string[] = [];
    const tk = await api.listExtrafields('ticket');
    if (!tk.some((d) => d.attrname === 'tb_helpdesk_id')) {
      await api.createExtrafield('ticket', { attrname: 'tb_helpdesk_id', label: 'Helpdesk id', type: 'varchar', size: 64 });
      created.push('ticket.tb_helpdesk_id');
    }
    const fi = await api.listExtrafields('fichinter');
    if (!fi.some((d) => d.attrname === 'tb_billed')) {
      await api.createExtrafield('fichinter', { attrname: 'tb_billed', label: 'Billed by', type: 'varchar', size: 64 });
      created.push('fichinter.tb_billed');
    }
    const tk2 = await api.listExtrafields('ticket');
    const fi2 = await api.listExtrafields('fichinter');
    expect(
      tk2.some((d) => d.attrname === 'tb_helpdesk_id'),
      `ticket list: ${JSON.stringify(tk2)}`,
    );
    expect(
      fi2.some((d) => d.attrname === 'tb_billed'),
      `fichinter list: ${JSON.stringify(fi2)}`,
    );
    return [
      true,
      `ticket: ${tk2.map((d) => d.attrname).join(',')}; fichinter: ${fi2.map((d) => d.attrname).join(',')}; created: ${created.join(',') || 'none'}`,
    ];
  });

  // Ticket lifecycle.
  const ref = `${runId}-1`;
  const trackId = `${runId.toLowerCase()}-track`;
  const ticket = await step('ticket create (own ref + track_id)', [acme], async () => {
    const t = await api.createTicket({
      ref,
      trackId,
      subject: `Smoke ${runId}: printer on fire & "quotes" O'Reilly`,
      message: '<p>Created by the <b>smoke</b> check.</p>',
      typeCode: 'ISSUE',
      categoryCode: 'OTHER',
      severityCode: 'NORMAL',
      socid: acme!.id,
      contractId: contract?.id,
      originEmail: 'marie.durand@acme.example',
      extrafields: extra ? { tb_helpdesk_id: runId } : undefined,
    });
    expect(t.ref === ref && t.trackId === trackId && t.socid === acme!.id, `got ${JSON.stringify(t)}`);
    return [t, `id ${t.id} ${t.ref} status ${t.status} subject "${t.subject}" ef=${JSON.stringify(t.extrafields)}`];
  });
  await step('ticket get by id', [ticket], async () => {
    const t = await api.getTicket(ticket!.id);
    expect(t && t.ref === ref && t.typeCode === 'ISSUE', `got ${JSON.stringify(t)}`);
    return [t, `${t.ref} type ${t.typeCode} severity ${t.severityCode} contract ${t.contractId} messages ${t.messages?.length}`];
  });
  await step('ticket get by ref', [ticket], async () => {
    const t = await api.getTicketByRef(ref);
    expect(t && t.id === ticket!.id, `got ${JSON.stringify(t)}`);
    return [t, `id ${t.id}`];
  });
  await step('ticket get by track_id', [ticket], async () => {
    const t = await api.getTicketByTrackId(trackId);
    expect(t && t.id === ticket!.id, `got ${JSON.stringify(t)}`);
    return [t, `id ${t.id}`];
  });
  await step('unknown ticket → null', [], async () => {
    const t = await api.getTicket(987654321);
    expect(t === null, `got ${JSON.stringify(t)}`);
    return [t, 'null'];
  });
  await step('tickets modified since', [ticket], async () => {
    const list = await collect(api.listTickets({ modifiedSince: startedAt, sortField: 'tms', pageSize: 20 }));
    expect(
      list.some((t) => t.id === ticket!.id),
      `ticket ${ticket!.id} not among ${list.map((t) => t.id).join(',')}`,
    );
    return [list, `${list.length} ticket(s) since ${startedAt.toISOString()}`];
  });
  await step('tickets by ref prefix + extrafield', [ticket, extra], async () => {
    const byPrefix = await collect(api.listTickets({ refPrefix: `${runId}-` }));
    const byEf = await collect(api.listTickets({ extrafields: { tb_helpdesk_id: runId } }));
    expect(byPrefix.length === 1 && byPrefix[0].id === ticket!.id, `prefix: ${byPrefix.map((t) => t.ref).join(',')}`);
    expect(byEf.length === 1 && byEf[0].id === ticket!.id, `extrafield: ${byEf.map((t) => t.ref).join(',')}`);
    return [true, 'one match each'];
  });
  await step('ticket update status 3 + severity', [ticket], async () => {
    const t = await api.updateTicket(ticket!.id, { status: 3, severityCode: 'HIGH' });
    const again = await api.getTicket(ticket!.id);
    expect(t.status === 3 && again?.status === 3 && again.severityCode === 'HIGH', `put ${t.status}, get ${JSON.stringify(again)}`);
    return [t, `status ${again.status}, severity ${again.severityCode}`];
  });
  await step('ticket public message', [ticket], async () => {
    const id = await api.postTicketMessage({
      ticketId: ticket!.id,
      socid: ticket!.socid ?? undefined,
      label: ticket!.subject,
      text: `Public reply ${runId} – café ☕`,
      private: false,
    });
    return [true, `message id ${id}`];
  });
  await step('ticket private message', [ticket], async () => {
    const id = await api.postTicketMessage({
      ticketId: ticket!.id,
      socid: ticket!.socid ?? undefined,
      label: ticket!.subject,
      text: `Private note ${runId}`,
      private: true,
    });
    return [true, `message id ${id}`];
  });
  await step('agenda event (phone call) on ticket', [ticket, admin], async () => {
    const id = await erpUser.createAgendaEvent({
      label: 'Phone call',
      note: 'Called the customer',
      typeCode: 'AC_TEL',
      userOwnerId: admin!.id,
      ticketId: ticket!.id,
      socid: acme?.id,
      datep: new Date(),
    });
    return [id, `event id ${id}`];
  });
  await step('list real ticket messages', [ticket], async () => {
    const msgs = await api.listTicketMessages(ticket!.id);
    const codes = msgs.map((m) => m.code);
    expect(msgs.length === 2, `expected 2 real messages, got ${JSON.stringify(msgs)}`);
    expect(codes[0] === 'TICKET_MSG' && codes[1] === 'TICKET_MSG_PRIVATE', `order/codes: ${codes.join(',')}`);
    expect(msgs[0].note?.includes('café ☕'), `text lost: ${msgs[0].note}`);
    return [msgs, msgs.map((m) => `${m.id}:${m.code}`).join(', ')];
  });

  // Intervention.
  const fi = await step('intervention create (ticket + contract link)', [ticket], async () => {
    const id = await api.createIntervention({
      socid: acme!.id,
      description: `Smoke ${runId}`,
      contractId: contract?.id,
      ticketId: ticket!.id,
      refClient: ref,
    });
    return [id, `id ${id}`];
  });
  await step('intervention two lines', [fi], async () => {
    const l1 = await api.addInterventionLine(fi!, { description: 'Diagnosis', date: new Date(), durationSeconds: 5400 });
    const l2 = await api.addInterventionLine(fi!, { description: 'Fix & test', date: new Date(), durationSeconds: 900 });
    return [[l1, l2], `line ids ${l1}, ${l2}`];
  });
  const validated = await step('intervention validate', [fi], async () => {
    await api.validateIntervention(fi!);
    const got = await api.getIntervention(fi!);
    expect(got && got.status === 1, `got ${JSON.stringify(got)}`);
    return [got, `${got.ref} status ${got.status}`];
  });
  await step('intervention get (lines, duration, links)', [fi], async () => {
    const got = await api.getIntervention(fi!);
    expect(got, 'null');
    expect(got.lines.length === 2 && got.durationSeconds === 6300, `lines ${got.lines.length}, duration ${got.durationSeconds}`);
    expect(got.linkedObjects.ticket?.includes(ticket!.id), `links ${JSON.stringify(got.linkedObjects)}`);
    expect(got.contractId === (contract?.id ?? null), `contract ${got.contractId}`);
    return [
      got,
      `duration ${got.durationSeconds}s, lines ${got.lines.map((l) => `${l.description}/${l.durationSeconds}`).join(', ')}, links ${JSON.stringify(got.linkedObjects)}`,
    ];
  });
  await step('intervention validate again (already validated → success, nothing sent)', [validated], async () => {
    await api.validateIntervention(fi!);
    const got = await api.getIntervention(fi!);
    expect(got && got.status === 1, `status ${got?.status}`);
    return [true, `status ${got.status}`];
  });
  const closed = await step('intervention close', [validated], async () => {
    await api.closeIntervention(fi!);
    const got = await api.getIntervention(fi!);
    expect(got && got.status === 3, `status ${got?.status}`);
    return [got, `status ${got.status}`];
  });
  await step('intervention close again (already closed → success)', [closed], async () => {
    await api.closeIntervention(fi!);
    const got = await api.getIntervention(fi!);
    expect(got && got.status === 3, `status ${got?.status}`);
    return [true, `no error, status ${got.status}`];
  });
  const draftFi = await step('intervention delete line (draft: 2 lines → 1, duration updated)', [acme], async () => {
    const id = await api.createIntervention({ socid: acme!.id, description: `Smoke ${runId} delete-line` });
    const keep = await api.addInterventionLine(id, { description: 'Kept', date: new Date(), durationSeconds: 3600 });
    const drop = await api.addInterventionLine(id, { description: 'Dropped', date: new Date(), durationSeconds: 1800 });
    await api.deleteInterventionLine(id, drop);
    const got = await api.getIntervention(id);
    expect(got && got.lines.length === 1 && got.lines[0].id === keep, `lines ${JSON.stringify(got?.lines)}`);
    expect(got.durationSeconds === 3600, `duration ${got.durationSeconds}`);
    return [{ id, keep, drop }, `intervention ${id}: line ${drop} deleted, line ${keep} left, duration ${got.durationSeconds}s`];
  });
  await step('intervention delete line again → NotFoundError', [draftFi], async () => {
    const err = await api.deleteInterventionLine(draftFi!.id, draftFi!.drop).catch((e: unknown) => e);
    expect(err instanceof NotFoundError, `got ${describeError(err)}`);
    return [true, err.message];
  });
  await step('intervention delete line on a validated one → refused, line kept', [draftFi], async () => {
    await api.validateIntervention(draftFi!.id);
    const err = await api.deleteInterventionLine(draftFi!.id, draftFi!.keep).catch((e: unknown) => e);
    const got = await api.getIntervention(draftFi!.id);
    expect(err instanceof IntegrationError && err.kind === 'invalid', `got ${describeError(err)}`);
    expect(got && got.lines.length === 1, `lines ${JSON.stringify(got?.lines)}`);
    return [true, err.message];
  });
  await step('interventions for ticket', [fi], async () => {
    const list = await api.listInterventionsForTicket(ticket!.id, acme!.id);
    expect(
      list.some((i) => i.id === fi),
      `fi ${fi} not among ${list.map((i) => i.id).join(',')}`,
    );
    return [list, list.map((i) => `${i.id}:${i.ref}`).join(', ')];
  });
  await step('intervention extrafield set + filter', [fi, extra], async () => {
    await api.setInterventionExtrafields(fi!, { tb_billed: runId });
    const got = await api.getIntervention(fi!);
    const list = await collect(api.listInterventions({ extrafields: { tb_billed: runId } }));
    expect(got?.extrafields.tb_billed === runId, `extrafields ${JSON.stringify(got?.extrafields)}`);
    expect(list.length === 1 && list[0].id === fi, `filter gave ${list.map((i) => i.id).join(',')}`);
    return [true, `tb_billed=${got.extrafields.tb_billed} on an intervention of status ${got.status}`];
  });

  // Proposal.
  const propal = await step('proposal create linked to ticket', [ticket], async () => {
    const id = await api.createProposal({ socid: acme!.id, date: new Date(), validityDays: 30, ticketIds: [ticket!.id], refClient: ref });
    return [id, `id ${id}`];
  });
  await step('proposal lines (array)', [propal, hour], async () => {
    await api.addProposalLines(propal!, [
      { productId: hour!.id, description: 'Extra support hours', qty: 3, unitPrice: 80, vatRate: 20, productType: 1 },
      { description: 'Replacement part', qty: 1, unitPrice: 45.5, vatRate: 20, productType: 0 },
    ]);
    const got = await api.getProposal(propal!);
    expect(got && got.lines.length === 2 && got.totalHt === 285.5, `lines ${JSON.stringify(got?.lines)}, total ${got?.totalHt}`);
    return [got, `2 lines, total HT ${got.totalHt}`];
  });
  const propalValidated = await step('proposal validate', [propal], async () => {
    await api.validateProposal(propal!);
    const got = await api.getProposal(propal!);
    expect(got && got.status === 1, `status ${got?.status}`);
    return [got, `${got.ref} status ${got.status}`];
  });
  await step('proposal close signed', [propalValidated], async () => {
    await erpUser.closeProposal(propal!, 2, 'Signed (smoke)');
    const got = await api.getProposal(propal!);
    expect(got && got.status === 2 && got.dateSignature instanceof Date, `got ${JSON.stringify(got)}`);
    expect(got.linkedObjects.ticket?.includes(ticket!.id), `links ${JSON.stringify(got.linkedObjects)}`);
    return [got, `status ${got.status}, signed ${got.dateSignature.toISOString()}, links ${JSON.stringify(got.linkedObjects)}`];
  });

  await step('proposal close signed again (already signed → success, not re-signed)', [propalValidated], async () => {
    const before = await api.getProposal(propal!);
    await erpUser.closeProposal(propal!, 2, 'Signed again (smoke)');
    const got = await api.getProposal(propal!);
    expect(
      before && got && got.status === 2 && got.dateSignature?.getTime() === before.dateSignature?.getTime(),
      `before ${JSON.stringify(before)}, after ${JSON.stringify(got)}`,
    );
    return [true, `status ${got.status}`];
  });
  await step('proposal close refused on a signed one → refused, stays signed', [propalValidated], async () => {
    const err = await erpUser.closeProposal(propal!, 3).catch((e: unknown) => e);
    const got = await api.getProposal(propal!);
    expect(err instanceof IntegrationError && err.kind === 'invalid', `got ${describeError(err)}`);
    expect(got && got.status === 2, `status ${got?.status}`);
    return [true, err.message];
  });

  // Invoice.
  const invoice = await step('invoice create (lines + links)', [acme, hour], async () => {
    const linkedObjects: Record<string, number[]> = {};
    if (fi) linkedObjects.fichinter = [fi];
    if (ticket) linkedObjects.ticket = [ticket.id];
    const id = await api.createInvoice({
      socid: acme!.id,
      date: new Date(),
      refClient: ref,
      linkedObjects,
      lines: [{ productId: hour!.id, description: 'Billable support 1.5 h', qty: 1.5, unitPrice: 80, vatRate: 20, productType: 1 }],
    });
    return [id, `id ${id}`];
  });
  await step('invoice validate', [invoice], async () => {
    await erpUser.validateInvoice(invoice!);
    const got = await api.getInvoice(invoice!);
    expect(got && got.status === 1 && got.totalHt === 120, `got ${JSON.stringify(got)}`);
    expect(!fi || got.linkedObjects.fichinter?.includes(fi), `links ${JSON.stringify(got.linkedObjects)}`);
    return [got, `${got.ref} status ${got.status}, total HT ${got.totalHt}, links ${JSON.stringify(got.linkedObjects)}`];
  });

  await step('invoice validate again (already validated → success)', [invoice], async () => {
    await erpUser.validateInvoice(invoice!);
    return [true, 'no error'];
  });

  // Documents.
  await step('document upload', [ticket], async () => {
    const name = await api.uploadTicketDocument(ticket!.id, { filename: 'customer-log.txt', content: Buffer.from(`log of ${runId}\n`) });
    expect(name === 'customer-log.txt', `returned ${JSON.stringify(name)}`);
    return [name, name];
  });
  await step('document upload again with overwrite', [ticket], async () => {
    const name = await api.uploadTicketDocument(ticket!.id, { filename: 'customer-log.txt', content: Buffer.from('v2\n'), overwrite: true });
    return [name, name];
  });
  await step('document list', [ticket], async () => {
    const docs = await api.listTicketDocuments(ticket!.id);
    expect(
      docs.some((d) => d.name === 'customer-log.txt'),
      `got ${JSON.stringify(docs)}`,
    );
    return [docs, docs.map((d) => `${d.relativeName} (${d.size} B)`).join(', ')];
  });

  // Dictionaries.
  await step('dictionary ticket types', [], async () => {
    const d = await api.ticketTypes();
    const codes = d.map((e) => e.code);
    expect(
      ['COM', 'HELP', 'ISSUE', 'REQUEST', 'OTHER'].every((c) => codes.includes(c)),
      `codes ${codes.join(',')}`,
    );
    expect(d.find((e) => e.code === 'OTHER')?.useDefault === true, 'OTHER is not the default');
    return [d, codes.join(',')];
  });
  await step('dictionary ticket categories', [], async () => {
    const d = await api.ticketCategories();
    expect(
      d.some((e) => e.code === 'OTHER'),
      `codes ${d.map((e) => e.code).join(',')}`,
    );
    return [d, d.map((e) => e.code).join(',')];
  });
  await step('dictionary ticket severities', [], async () => {
    const d = await api.ticketSeverities();
    const codes = d.map((e) => e.code);
    expect(
      ['LOW', 'NORMAL', 'HIGH', 'BLOCKING'].every((c) => codes.includes(c)),
      `codes ${codes.join(',')}`,
    );
    return [d, codes.join(',')];
  });

  // Cleanup of the ticket (the other objects stay, validated invoices cannot be deleted).
  await step('ticket delete', [ticket], async () => {
    await erpUser.deleteTicket(ticket!.id);
    const gone = await api.getTicket(ticket!.id);
    expect(gone === null, 'still there');
    return [true, `ticket ${ticket!.id} deleted`];
  });
}

const config = dolibarrConfigSchema.parse({ url, apiKey, maxRetries: 1 });
main(new DolibarrClient(config), new ErpUser({ url, apiKey }))
  .then(() => {
    console.log(`smoke ${runId}: ${counts.ok} passed, ${counts.fail} failed, ${counts.skip} skipped`);
    process.exit(counts.fail > 0 ? 1 : 0);
  })
  .catch((err: unknown) => {
    console.error(`smoke aborted: ${describeError(err)}`);
    process.exit(1);
  });
