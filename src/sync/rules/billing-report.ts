import type { DolContract, DolIntervention, DolProduct, DolThirdParty, DolTicket } from '../../erp/dolibarr/types';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../plugin-sdk';
import { lineCovers, pickCoveringLine, prepaidHours, type CoveringLine } from './contract-coverage';
import { interventionSeconds } from './duration';
import { secondsToHours } from './duration-format';
import { ERP_EXTRAFIELDS, readExtrafield } from './erp-extrafields';
import { monthBounds } from './local-day';

export interface BillingData {
  thirdparties: DolThirdParty[];
  contracts: DolContract[];
  /** Every validated (status 1-3) intervention of these third parties up to the period's end, with linkedObjects and extrafields: earlier ones give the hours consumed before. */
  interventions: DolIntervention[];
  /** The tickets linked to those interventions (for their type). */
  tickets: DolTicket[];
  /** The support service products (their duration says whether qty counts hours). */
  products: DolProduct[];
}

export interface ContractUsage {
  socid: number;
  contractId: number;
  contractRef: string;
  lineId: number;
  productRef: string | null;
  prepaidHours: number | null;
  consumedBeforeHours: number;
  consumedInPeriodHours: number;
  remainingHours: number | null;
  overageHours: number;
}

type BillableReason = 'no-contract' | 'type-not-covered' | 'overage';

export interface BillableItem {
  interventionId: number;
  interventionRef: string;
  ticketIds: number[];
  ticketRefs: string[];
  seconds: number;
  hours: number;
  reason: BillableReason;
  contractRef?: string;
  /** The intervention's day (its last line), named on the invoice line. */
  date: Date;
  /** tb_billed_invoice: the invoice id (or "pending:<period>") when already billed. */
  billedInvoice: string | null;
}

interface CustomerBilling {
  socid: number;
  name: string;
  items: BillableItem[];
  /** Not yet billed. */
  billableHours: number;
  alreadyBilledHours: number;
}

export interface BillingReport {
  period: string;
  timeZone: string;
  contracts: ContractUsage[];
  customers: CustomerBilling[];
  /** Interventions that could not be placed (no dated line). */
  skipped: Array<{ interventionId: number; reason: string }>;
}

interface Placed {
  intervention: DolIntervention;
  date: Date;
  seconds: number;
  inPeriod: boolean;
}

/**
 * Consumption and billable time for a month. An intervention belongs to the month of its
 * last line (validated interventions are complete) and is drawn from the contract line
 * covering that day; prepaid hours are used up chronologically, so a ticket can be part
 * covered and part overage. Drafts are not billed.
 */
export function computeBillingReport(period: string, data: BillingData, config: Pick<RulesConfig, 'contract' | 'timeZone'>): BillingReport {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new InputError('billing', [`period: expected YYYY-MM, got "${period}"`]);
  const tz = config.timeZone;
  const { from, to } = monthBounds(period, tz);
  const report: BillingReport = { period, timeZone: tz, contracts: [], customers: [], skipped: [] };
  const items: Array<BillableItem & { socid: number }> = [];
  const byLine = new Map<number, { covering: CoveringLine; placed: Placed[] }>();
  const tickets = new Map(data.tickets.map((t) => [t.id, t]));

  for (const intervention of new Map(data.interventions.map((i) => [i.id, i])).values()) {
    if (intervention.status < 1) continue;
    const dates = intervention.lines.map((l) => l.date).filter((d): d is Date => d !== null);
    if (dates.length === 0) {
      report.skipped.push({ interventionId: intervention.id, reason: 'no dated line' });
      continue;
    }
    const date = new Date(Math.max(...dates.map((d) => d.getTime())));
    if (date >= to) continue;
    const placed: Placed = { intervention, date, seconds: interventionSeconds(intervention), inPeriod: date >= from };
    const linked = linkedTickets(intervention, tickets);
    const item = (reason: BillableReason, seconds: number) => items.push(billableItem(intervention, linked, reason, seconds, date));

    if (linked.some((t) => t.typeCode && config.contract.notCoveredTypes.includes(t.typeCode))) {
      if (placed.inPeriod) item('type-not-covered', placed.seconds);
      continue;
    }
    const contract = data.contracts.find((c) => c.id === intervention.contractId);
    const covering = contract ? pickCoveringLine([withPastLinesRunning(contract)], date, config.contract.serviceRefs, tz) : null;
    if (!covering) {
      if (placed.inPeriod) item('no-contract', placed.seconds);
      continue;
    }
    const entry = byLine.get(covering.line.id) ?? { covering, placed: [] };
    entry.placed.push(placed);
    byLine.set(covering.line.id, entry);
  }

  for (const contract of data.contracts) {
    for (const line of contract.lines) {
      const runs = lineCovers(line, from, tz) || lineCovers(line, new Date(to.getTime() - 1), tz);
      if (runs && line.productRef && config.contract.serviceRefs.includes(line.productRef) && !byLine.has(line.id))
        byLine.set(line.id, { covering: { contract, line }, placed: [] });
    }
  }

  for (const { covering, placed } of [...byLine.values()].sort((a, b) => a.covering.line.id - b.covering.line.id)) {
    const product = data.products.find((p) => p.ref === covering.line.productRef) ?? null;
    const prepaid = prepaidHours(covering.line, product, config.contract.hoursPerUnit);
    const prepaidSeconds = prepaid === null ? Number.POSITIVE_INFINITY : Math.round(prepaid * 3600);
    let used = 0;
    let before = 0;
    let inPeriod = 0;
    let overage = 0;
    for (const p of placed.sort((a, b) => a.date.getTime() - b.date.getTime() || a.intervention.id - b.intervention.id)) {
      const over = p.seconds - Math.min(p.seconds, Math.max(0, prepaidSeconds - used));
      used += p.seconds;
      if (!p.inPeriod) {
        before += p.seconds;
        continue;
      }
      inPeriod += p.seconds;
      overage += over;
      if (over > 0) {
        items.push(billableItem(p.intervention, linkedTickets(p.intervention, tickets), 'overage', over, p.date, covering.contract.ref));
      }
    }
    report.contracts.push({
      socid: covering.contract.socid,
      contractId: covering.contract.id,
      contractRef: covering.contract.ref,
      lineId: covering.line.id,
      productRef: covering.line.productRef,
      prepaidHours: prepaid,
      consumedBeforeHours: secondsToHours(before),
      consumedInPeriodHours: secondsToHours(inPeriod),
      remainingHours: prepaid === null ? null : secondsToHours(Math.max(0, prepaidSeconds - used)),
      overageHours: secondsToHours(overage),
    });
  }

  const names = new Map(data.thirdparties.map((t) => [t.id, t.name]));
  for (const socid of [...new Set(items.map((i) => i.socid))].sort((a, b) => a - b)) {
    const own = items
      .filter((i) => i.socid === socid)
      .map(({ socid: _s, ...rest }) => rest)
      .sort((a, b) => a.interventionId - b.interventionId);
    const sum = (list: BillableItem[]) => secondsToHours(list.reduce((s, i) => s + i.seconds, 0));
    report.customers.push({
      socid,
      name: names.get(socid) ?? `#${socid}`,
      items: own,
      billableHours: sum(own.filter((i) => i.billedInvoice === null)),
      alreadyBilledHours: sum(own.filter((i) => i.billedInvoice !== null)),
    });
  }
  return report;
}

/** Time already spent stays drawn from the line that covered it, even once that line is closed (status 5). */
function withPastLinesRunning(contract: DolContract): DolContract {
  return { ...contract, lines: contract.lines.map((l) => (l.status === 5 ? { ...l, status: 4 } : l)) };
}

function linkedTickets(intervention: DolIntervention, tickets: Map<number, DolTicket>): DolTicket[] {
  return (intervention.linkedObjects.ticket ?? []).map((id) => tickets.get(id)).filter((t): t is DolTicket => !!t);
}

function billableItem(
  i: DolIntervention,
  linked: DolTicket[],
  reason: BillableReason,
  seconds: number,
  date: Date,
  contractRef?: string,
): BillableItem & { socid: number } {
  return {
    socid: i.socid,
    interventionId: i.id,
    interventionRef: i.ref,
    ticketIds: linked.map((t) => t.id),
    ticketRefs: linked.map((t) => t.ref),
    seconds,
    hours: secondsToHours(seconds),
    reason,
    contractRef,
    date,
    billedInvoice: readExtrafield(i.extrafields, ERP_EXTRAFIELDS.fichinter.billedInvoice),
  };
}
