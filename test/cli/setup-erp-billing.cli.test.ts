import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { startDolibarrDouble, type DolibarrDouble } from '../doubles/dolibarr';
import { deleteKeys, REDIS_URL, runCli, uniquePrefix } from './support/run-cli';

jest.setTimeout(90_000);

const API_KEY = 'cli-dolibarr-key-0123456789abcdef';
const prefix = uniquePrefix('billing');
const TZ = 'Europe/Paris';
// The current month where finance works: the report and its CSV are per month in rules.timeZone.
const month = DateTime.now().setZone(TZ).startOf('month');
const period = month.toFormat('yyyy-MM');
const at = (day: number, hour: number) => Math.floor(month.set({ day, hour }).toSeconds());

let double: DolibarrDouble;
let outDir: string;
const env = () => ({ DOLIBARR_URL: double.url, DOLIBARR_API_KEY: API_KEY, TB_HELPDESK_WEBHOOK_SECRET: 'cli-helpdesk-secret-0123456789', REDIS_URL });
const config = () => ({ redis: { prefix }, rules: { timeZone: TZ, billing: { outputDir: outDir } } });
const cli = (...args: string[]) => runCli(args, { env: env(), config: config() });

async function control<T>(route: string, body: unknown): Promise<T> {
  const res = await fetch(`${double.controlUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`double ${route}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** ACME has a running 3-hour support contract; Globex has none. */
const ids = { covered: 0, overage: 0, noContract: 0, acmeTickets: [] as string[], globexTicket: '' };

beforeAll(async () => {
  double = await startDolibarrDouble({ apiKey: API_KEY });
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-cli-billing-'));
  await control('/seed', {
    thirdparties: [
      { id: 1, name: 'ACME' },
      { id: 2, name: 'Globex' },
    ],
    products: [
      { id: 1, ref: 'SUPPORT-CONTRACT', label: 'Support contract (hours)', type: 1, price: 800, duration_value: 1, duration_unit: 'h' },
      { id: 2, ref: 'SUPPORT-HOUR', label: 'Support hour', type: 1, price: 80 },
    ],
    contracts: [
      {
        id: 1,
        socid: 1,
        statut: 1,
        lines: [
          {
            id: 1,
            fk_product: 1,
            desc: 'Support 3 h',
            qty: 3,
            subprice: 80,
            statut: 4,
            date_start: at(1, 0) - 40 * 86400,
            date_start_real: at(1, 0) - 40 * 86400,
            date_end: at(1, 0) + 365 * 86400,
          },
        ],
      },
    ],
  });
  const ticket = async (socid: number, subject: string) =>
    control<{ id: number; ref: string }>('/act/ticket', { subject, message: subject, fk_soc: socid, type_code: 'ISSUE' });
  const t1 = await ticket(1, 'Printer on fire');
  const t2 = await ticket(1, 'Server down');
  const t3 = await ticket(2, 'Laptop broken');
  ids.acmeTickets = [t1.ref, t2.ref];
  ids.globexTicket = t3.ref;
  const intervention = async (socid: number, ticketId: number, contractId: number | undefined, day: number, hours: number[]) =>
    (
      await control<{ id: number }>('/act/intervention', {
        socid,
        ticketId,
        contractId,
        description: `Work on ticket ${ticketId}`,
        validate: true,
        lines: hours.map((h, i) => ({ description: `Session ${i + 1}`, date: at(day, 9 + i), duration: Math.round(h * 3600) })),
      })
    ).id;
  // 2 h then 2.5 h on a 3-hour contract: the second one is 1.5 h over. 1 h for Globex, which has no contract.
  ids.covered = await intervention(1, t1.id, 1, 2, [1, 1]);
  ids.overage = await intervention(1, t2.id, 1, 3, [2, 0.5]);
  ids.noContract = await intervention(2, t3.id, undefined, 4, [1]);
});

afterAll(async () => {
  await double?.close();
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  await deleteKeys(prefix);
});

const extrafieldNames = () =>
  double
    .state()
    .extrafields.map((e) => `${e.elementtype}.${e.attrname}`)
    .sort();
const billedMark = (id: number) => double.state().interventions.find((i) => i.id === id)!.array_options.options_tb_billed_invoice ?? null;

describe('ticketbridge setup-erp', () => {
  it('creates the extrafields on the first run and finds nothing to do on the second', async () => {
    expect(extrafieldNames()).toEqual([]);
    const first = await cli('setup-erp');
    expect(first.code).toBe(0);
    const wanted = [
      'contrat.tb_hours_left',
      'contrat.tb_hours_prepaid',
      'contrat.tb_hours_used',
      'fichinter.tb_billed_invoice',
      'fichinter.tb_helpdesk_entry',
      'fichinter.tb_invoice',
      'ticket.tb_contact',
      'ticket.tb_contract',
      'ticket.tb_duration',
      'ticket.tb_hd_sla_due',
      'ticket.tb_hd_sla_status',
      'ticket.tb_helpdesk_id',
      'ticket.tb_helpdesk_source',
      'ticket.tb_helpdesk_ticket',
      'ticket.tb_helpdesk_url',
      'ticket.tb_requester',
    ];
    for (const name of wanted) expect(first.stdout).toContain(`created   ${name}`);
    expect(first.stdout).toContain(`${wanted.length} extrafield(s) created, 0 updated.`);
    const afterFirst = double.state().extrafields.map((e) => ({ ...e }));
    expect(extrafieldNames()).toEqual(wanted);
    // Machine keys hidden from users, what they read shown but not editable.
    const list = Object.fromEntries(double.state().extrafields.map((e) => [e.attrname, e.list]));
    expect(list).toMatchObject({ tb_billed_invoice: '0', tb_helpdesk_id: '0', tb_helpdesk_ticket: '5', tb_invoice: '5', tb_hours_left: '5' });
    expect(double.state().extrafields.find((e) => e.attrname === 'tb_invoice')?.param).toEqual({
      options: { 'Facture:compta/facture/class/facture.class.php': null },
    });

    const second = await cli('setup-erp');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Nothing to do: every extrafield exists.');
    expect(second.stdout).not.toContain('created   ');
    for (const name of wanted) expect(second.stdout).toContain(`existing  ${name}`);
    expect(double.state().extrafields).toEqual(afterFirst);
  });

  it('creates the service-level fields once service levels are switched on, and no development-issue fields while escalation is off', async () => {
    const withSla = await runCli(['setup-erp'], { env: env(), config: { ...config(), sla: { enabled: true } } });
    expect(withSla.code).toBe(0);
    const sla = ['ticket.tb_sla_first_due', 'ticket.tb_sla_policy', 'ticket.tb_sla_resol_due', 'ticket.tb_sla_status', 'ticket.tb_sla_used_min'];
    for (const name of sla) expect(withSla.stdout).toContain(`created   ${name}`);
    expect(withSla.stdout).toContain(`${sla.length} extrafield(s) created, 0 updated.`);
    expect(extrafieldNames()).not.toContain('ticket.tb_dev_ref');
  });
});

describe('ticketbridge billing', () => {
  const csvFile = () => path.join(outDir, `billing-${period}.csv`);
  const rowOf = (out: string, ...cells: string[]) => out.split('\n').find((l) => cells.every((c) => l.includes(c)));

  it('--dry-run prints consumption and billable time, writes the CSV and creates nothing', async () => {
    const r = await cli('billing', '--period', period, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Billing ${period} (${TZ})`);
    // prepaid 3 h, nothing before, 4.5 h in the period, none left, 1.5 h over.
    expect(
      rowOf(r.stdout, 'SUPPORT-CONTRACT')
        ?.split(/\s{2,}/)
        .slice(3),
    ).toEqual(['3', '0', '4.5', '0', '1.5']);
    const acme = rowOf(r.stdout, 'ACME', 'overage');
    expect(acme).toContain(ids.acmeTickets[1]);
    expect(acme?.split(/\s{2,}/)[3]).toBe('1.5');
    const globex = rowOf(r.stdout, 'Globex', 'no-contract');
    expect(globex).toContain(ids.globexTicket);
    expect(globex?.split(/\s{2,}/)[3]).toBe('1');
    // The fully covered intervention is not billable.
    expect(r.stdout).not.toContain(ids.acmeTickets[0]);
    expect(r.stdout).toContain('ACME: 1.5 h to bill, 0 h already billed');
    expect(r.stdout).toContain('Globex: 1 h to bill, 0 h already billed');
    expect(r.stdout).toContain(`CSV written to ${csvFile()}`);
    expect(r.stdout).toContain(`would invoice ACME: 1 line(s), interventions ${ids.overage}`);
    expect(r.stdout).toContain(`would invoice Globex: 1 line(s), interventions ${ids.noContract}`);
    expect(r.stdout).toContain('Dry run: nothing was created in Dolibarr.');

    const csv = fs.readFileSync(csvFile(), 'utf8').trim().split('\r\n');
    expect(csv[0]).toBe('period,socid,third_party,intervention_id,intervention_ref,ticket_refs,hours,reason,contract_ref,billed_invoice');
    expect(
      csv
        .slice(1)
        .map((l) => l.split(','))
        .map((c) => [c[2], c[3], c[6], c[7]]),
    ).toEqual([
      ['ACME', String(ids.overage), '1.5', 'overage'],
      ['Globex', String(ids.noContract), '1', 'no-contract'],
    ]);

    expect(double.state().invoices).toEqual([]);
    for (const id of [ids.covered, ids.overage, ids.noContract]) expect(billedMark(id)).toBeNull();
  });

  it('creates one draft invoice per third party, linked to and marking its interventions', async () => {
    const r = await cli('billing', '--period', period);
    expect(r.code).toBe(0);
    const invoices = double.state().invoices;
    expect(invoices.map((i) => i.socid).sort()).toEqual([1, 2]);
    for (const inv of invoices) expect(inv.statut).toBe(0);
    const acme = invoices.find((i) => i.socid === 1)!;
    const globex = invoices.find((i) => i.socid === 2)!;
    expect(acme.lines.map((l) => l.qty)).toEqual([1.5]);
    expect(globex.lines.map((l) => l.qty)).toEqual([1]);
    expect(r.stdout).toContain(`draft invoice #${acme.id} for ACME: 1 line(s), interventions ${ids.overage}`);
    expect(r.stdout).toContain(`draft invoice #${globex.id} for Globex: 1 line(s), interventions ${ids.noContract}`);
    expect(r.stdout).not.toContain('Dry run');

    const linked = (invoiceId: number) =>
      double
        .state()
        .links.filter((l) => (l.sourcetype === 'facture' && l.fk_source === invoiceId) || (l.targettype === 'facture' && l.fk_target === invoiceId))
        .map((l) => (l.sourcetype === 'facture' ? `${l.targettype}:${l.fk_target}` : `${l.sourcetype}:${l.fk_source}`));
    expect(linked(acme.id)).toContain(`fichinter:${ids.overage}`);
    expect(linked(globex.id)).toContain(`fichinter:${ids.noContract}`);
    expect(billedMark(ids.overage)).toBe(String(acme.id));
    expect(billedMark(ids.noContract)).toBe(String(globex.id));
    expect(billedMark(ids.covered)).toBeNull();
  });

  it('creates no second invoice when run again, and shows the time as already billed', async () => {
    const before = double.state().invoices.length;
    const r = await cli('billing', '--period', period);
    expect(r.code).toBe(0);
    expect(double.state().invoices).toHaveLength(before);
    expect(r.stdout).not.toContain('draft invoice #');
    expect(r.stdout).toContain('ACME: 0 h to bill, 1.5 h already billed');
    expect(r.stdout).toContain('Globex: 0 h to bill, 1 h already billed');
    expect(r.stdout).toContain(`skipped intervention #${ids.overage}: already billed`);
    expect(r.stdout).toContain(`skipped intervention #${ids.noContract}: already billed`);
  });
});
