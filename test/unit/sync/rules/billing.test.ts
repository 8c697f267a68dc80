import { rulesConfigSchema } from '../../../../src/config/rules-schema';
import type { DolTicket } from '../../../../src/erp/dolibarr/types';
import { createTemplateRenderer } from '../../../../src/sync/templates';
import { computeBillingReport, type BillingData } from '../../../../src/sync/rules/billing-report';
import { billingCsv, renderBillingTable } from '../../../../src/sync/rules/billing-output';
import { createDraftInvoices } from '../../../../src/sync/operations/create-draft-invoices';
import { FakeDolibarr } from '../../../support/fakes/fake-dolibarr';
import { contract, contractLine, intervention, interventionLine, supportHour } from '../../../support/fakes/dolibarr-builders';

const config = rulesConfigSchema.parse({});
const render = createTemplateRenderer();
const now = () => new Date('2026-04-02T08:00:00Z');
const h = (hours: number) => hours * 3600;

function ticket(id: number, typeCode: string): DolTicket {
  return {
    id,
    ref: `HD-${id}`,
    trackId: `t${id}`,
    subject: 's',
    message: 'm',
    status: 8,
    typeCode,
    categoryCode: null,
    severityCode: null,
    socid: 1,
    contractId: null,
    projectId: null,
    originEmail: null,
    userAssignId: null,
    origin: 'user',
    progress: null,
    createdAt: null,
    modifiedAt: null,
    closedAt: null,
    readAt: null,
    extrafields: {},
  };
}

/** ACME has 10 prepaid hours; 6 were used in February, 3 + 3 are booked in March. Globex has no contract. */
function scenario(): { erp: FakeDolibarr; data: BillingData } {
  const erp = new FakeDolibarr();
  erp.products.push(supportHour);
  erp.addThirdParty({ id: 1, name: 'ACME Helpdesk Client' });
  erp.addThirdParty({ id: 2, name: 'Globex, "the" company' });
  erp.contracts.push(contract({ id: 2, socid: 1, lines: [contractLine({ id: 2, qty: 10, dateStartReal: new Date('2026-01-01T00:00:00Z') })] }));
  erp.interventions.push(
    intervention({ id: 1, contractId: 2, linkedObjects: { ticket: [11] }, lines: [interventionLine(1, '2026-02-10T09:00:00Z', h(6))] }),
    intervention({ id: 2, contractId: 2, linkedObjects: { ticket: [12] }, lines: [interventionLine(2, '2026-03-05T09:00:00Z', h(3))] }),
    // Hours run out in the middle of this ticket: 1 h covered, 2 h overage.
    intervention({
      id: 3,
      contractId: 2,
      linkedObjects: { ticket: [13] },
      lines: [interventionLine(3, '2026-03-19T09:00:00Z', h(1)), interventionLine(4, '2026-03-20T09:00:00Z', h(2))],
    }),
    // A change request on the contract: billable, and it does not eat prepaid hours.
    intervention({ id: 4, contractId: 2, linkedObjects: { ticket: [14] }, lines: [interventionLine(5, '2026-03-10T09:00:00Z', h(1))] }),
    intervention({ id: 5, socid: 2, linkedObjects: { ticket: [15] }, lines: [interventionLine(6, '2026-03-12T09:00:00Z', 5400)] }),
    // Ends at 00:30 on 1 April in Paris: April's, not March's.
    intervention({ id: 6, socid: 2, lines: [interventionLine(7, '2026-03-31T22:30:00Z', h(1))] }),
    // Drafts are not billed.
    intervention({ id: 7, socid: 2, status: 0, lines: [interventionLine(8, '2026-03-12T09:00:00Z', h(1))] }),
  );
  const tickets = [ticket(11, 'ISSUE'), ticket(12, 'ISSUE'), ticket(13, 'HELP'), ticket(14, 'REQUEST'), ticket(15, 'ISSUE')];
  const data = () => ({
    thirdparties: erp.thirdparties,
    contracts: erp.contracts,
    interventions: structuredClone(erp.interventions),
    tickets,
    products: erp.products,
  });
  return {
    erp,
    get data() {
      return data();
    },
  };
}

describe('computeBillingReport', () => {
  it('draws prepaid hours chronologically and bills the overage, time without contract and uncovered types', () => {
    const { data } = scenario();
    const report = computeBillingReport('2026-03', data, config);
    expect(report.contracts).toEqual([
      {
        socid: 1,
        contractId: 2,
        contractRef: 'CT2611-0002',
        lineId: 2,
        productRef: 'SUPPORT-HOUR',
        prepaidHours: 10,
        consumedBeforeHours: 6,
        consumedInPeriodHours: 6,
        remainingHours: 0,
        overageHours: 2,
      },
    ]);
    expect(report.customers.map((c) => [c.socid, c.billableHours, c.items.map((i) => [i.interventionId, i.reason, i.hours])])).toEqual([
      [
        1,
        3,
        [
          [3, 'overage', 2],
          [4, 'type-not-covered', 1],
        ],
      ],
      [2, 1.5, [[5, 'no-contract', 1.5]]],
    ]);
    expect(report.customers[0].items[0]).toMatchObject({ ticketRefs: ['HD-13'], contractRef: 'CT2611-0002', billedInvoice: null });
  });

  it('places an intervention in the month of its last line in the configured time zone', () => {
    const { data } = scenario();
    const april = computeBillingReport('2026-04', data, config);
    expect(april.customers.flatMap((c) => c.items.map((i) => i.interventionId))).toEqual([6]);
    expect(april.contracts[0]).toMatchObject({ consumedBeforeHours: 12, consumedInPeriodHours: 0, remainingHours: 0 });
  });

  it('refuses a malformed period', () => {
    expect(() => computeBillingReport('2026-3', scenario().data, config)).toThrow(/period: expected YYYY-MM/);
  });
});

describe('renderBillingTable and billingCsv', () => {
  it('show the contract usage and every billable item, with CSV quoting', () => {
    const report = computeBillingReport('2026-03', scenario().data, config);
    const table = renderBillingTable(report);
    expect(table).toMatch(/CT2611-0002\s+2\s+SUPPORT-HOUR\s+10\s+6\s+6\s+0\s+2/);
    expect(table).toMatch(/ACME Helpdesk Client: 3 h to bill, 0 h already billed/);
    const csv = billingCsv(report).split('\r\n');
    expect(csv[0]).toBe('period,socid,third_party,intervention_id,intervention_ref,ticket_refs,hours,reason,contract_ref,billed_invoice');
    expect(csv).toContain('2026-03,2,"Globex, ""the"" company",5,FI2611-0005,HD-15,1.5,no-contract,,');
  });
});

describe('createDraftInvoices', () => {
  it('creates one draft invoice per third party, linked to interventions and tickets, and marks the interventions in Dolibarr', async () => {
    const { erp, data } = scenario();
    const run = await createDraftInvoices(computeBillingReport('2026-03', data, config), { erp, config: config.billing, render, now });
    expect(run.invoices.map((i) => [i.socid, i.interventionIds, i.ticketIds, i.lines.map((l) => [l.qty, l.unitPrice, l.vatRate])])).toEqual([
      [
        1,
        [3, 4],
        [13, 14],
        [
          [2, 80, 20],
          [1, 80, 20],
        ],
      ],
      [2, [5], [15], [[1.5, 80, 20]]],
    ]);
    expect(erp.invoices[0].input.linkedObjects).toEqual({ fichinter: [3, 4], ticket: [13, 14] });
    expect(erp.invoices[0].input.refClient).toBe('Support 2026-03');
    expect(erp.invoices[0].input.lines[0]).toMatchObject({
      label: 'FI2611-0003 · ticket HD-13 · 2026-03-20',
      description: 'Intervention FI2611-0003 of 2026-03-20 – ticket HD-13: 2 hours, beyond the hours of contract CT2611-0002',
      dateStart: new Date('2026-03-20T09:00:00Z'),
    });
    expect(erp.interventions.find((i) => i.id === 3)?.extrafields).toMatchObject({
      tb_billed_invoice: String(erp.invoices[0].id),
      tb_invoice: erp.invoices[0].id,
    });
  });

  it("adds a later run's items to the period's draft invoice of that customer, and starts a new draft once it is validated", async () => {
    const sc = scenario();
    const { erp } = sc;
    await createDraftInvoices(computeBillingReport('2026-03', sc.data, config), { erp, config: config.billing, render, now });
    const [acme] = erp.invoices;
    erp.interventions.push(
      intervention({ id: 8, socid: 2, linkedObjects: { ticket: [15] }, lines: [interventionLine(9, '2026-03-25T09:00:00Z', h(1))] }),
    );
    const second = await createDraftInvoices(computeBillingReport('2026-03', sc.data, config), { erp, config: config.billing, render, now });
    expect(second.invoices.map((i) => [i.socid, i.interventionIds, i.addedToDraft])).toEqual([[2, [8], true]]);
    expect(erp.invoices).toHaveLength(2);
    const globex = erp.invoices.find((i) => i.socid === 2)!;
    expect(globex.input.lines.map((l) => l.label)).toEqual(['FI2611-0005 · ticket HD-15 · 2026-03-12', 'FI2611-0008 · ticket HD-15 · 2026-03-25']);
    expect(acme.input.lines).toHaveLength(2);

    globex.status = 1;
    erp.interventions.push(intervention({ id: 9, socid: 2, lines: [interventionLine(10, '2026-03-26T09:00:00Z', h(1))] }));
    const third = await createDraftInvoices(computeBillingReport('2026-03', sc.data, config), { erp, config: config.billing, render, now });
    expect(third.invoices.map((i) => i.addedToDraft)).toEqual([false]);
    expect(erp.invoices).toHaveLength(3);
  });

  it('never invoices an intervention twice, even from a stale report', async () => {
    const { erp, data } = scenario();
    const stale = computeBillingReport('2026-03', data, config);
    await createDraftInvoices(stale, { erp, config: config.billing, render, now });
    const again = await createDraftInvoices(stale, { erp, config: config.billing, render, now });
    expect(again.invoices).toEqual([]);
    expect(again.skipped.map((s) => s.interventionId)).toEqual([3, 4, 5]);
    const recomputed = computeBillingReport('2026-03', { ...data, interventions: structuredClone(erp.interventions) }, config);
    expect(recomputed.customers.map((c) => [c.billableHours, c.alreadyBilledHours])).toEqual([
      [0, 3],
      [0, 1.5],
    ]);
    await createDraftInvoices(recomputed, { erp, config: config.billing, render, now });
    expect(erp.invoices).toHaveLength(2);
  });

  it('changes nothing in a dry run', async () => {
    const { erp, data } = scenario();
    const run = await createDraftInvoices(computeBillingReport('2026-03', data, config), { erp, config: config.billing, render, now, dryRun: true });
    expect(run.invoices.map((i) => i.invoiceId)).toEqual([null, null]);
    expect(erp.writes).toEqual([]);
  });
});
