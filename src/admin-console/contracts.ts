import type { Runtime } from '../runtime';
import { loadBillingData } from '../sync/operations/billing-data';
import { computeBillingReport, type ContractUsage } from '../sync/rules/billing-report';
import { pickCoveringLine } from '../sync/rules/contract-coverage';
import { interventionSeconds } from '../sync/rules/duration';
import { secondsToHours } from '../sync/rules/duration-format';
import type { DolContract, DolIntervention } from '../erp/dolibarr/types';
import { erpWebUrl } from './erp-links';

interface LineUsageView extends ContractUsage {
  usedHours: number;
  /** True when the prepaid hours are used up (the rest is billed as overage). */
  exhausted: boolean;
  contractUrl: string;
  tickets: Array<{ ref: string; url: string; hours: number; interventionRefs: string[] }>;
}

export interface CustomerContractsView {
  socid: number;
  name: string;
  url: string;
  lines: LineUsageView[];
}

/** Lines closed since still hold the time drawn from them (same rule as billing). */
function asRunning(contract: DolContract): DolContract {
  return { ...contract, lines: contract.lines.map((l) => (l.status === 5 ? { ...l, status: 4 } : l)) };
}

function lastLineDate(i: DolIntervention): Date | null {
  const dates = i.lines.map((l) => l.date?.getTime()).filter((d): d is number => d !== undefined);
  return dates.length ? new Date(Math.max(...dates)) : null;
}

/**
 * Prepaid, used and remaining hours of every support contract line, up to now, as `ticketbridge billing` counts them,
 * with the tickets whose interventions drew on each line.
 */
export async function loadContracts(rt: Runtime): Promise<CustomerContractsView[]> {
  const rules = rt.config.rules;
  const now = rt.engine.now();
  const data = await loadBillingData(rt.erp, rules);
  const period = new Intl.DateTimeFormat('en-CA', { timeZone: rules.timeZone, year: 'numeric', month: '2-digit' }).format(now).slice(0, 7);
  const report = computeBillingReport(period, data, rules);
  const tickets = new Map(data.tickets.map((t) => [t.id, t]));
  const byLine = new Map<number, Map<number, { ref: string; seconds: number; interventionRefs: string[] }>>();
  for (const i of data.interventions) {
    const date = lastLineDate(i);
    const contract = data.contracts.find((c) => c.id === i.contractId);
    if (i.status < 1 || !date || date > now || !contract) continue;
    const covering = pickCoveringLine([asRunning(contract)], date, rules.contract.serviceRefs, rules.timeZone);
    if (!covering) continue;
    const perTicket = byLine.get(covering.line.id) ?? new Map();
    for (const ticketId of i.linkedObjects.ticket ?? []) {
      const entry = perTicket.get(ticketId) ?? { ref: tickets.get(ticketId)?.ref ?? `#${ticketId}`, seconds: 0, interventionRefs: [] };
      entry.seconds += interventionSeconds(i);
      entry.interventionRefs.push(i.ref);
      perTicket.set(ticketId, entry);
    }
    byLine.set(covering.line.id, perTicket);
  }
  const customers = new Map<number, CustomerContractsView>();
  for (const usage of report.contracts) {
    const socid = usage.socid;
    const customer = customers.get(socid) ?? {
      socid,
      name: data.thirdparties.find((t) => t.id === socid)?.name ?? `#${socid}`,
      url: erpWebUrl(rt.config.dolibarr.url, 'thirdparty', socid),
      lines: [],
    };
    const used = usage.consumedBeforeHours + usage.consumedInPeriodHours;
    customer.lines.push({
      ...usage,
      usedHours: secondsToHours(Math.round(used * 3600)),
      exhausted: usage.remainingHours !== null && usage.remainingHours <= 0,
      contractUrl: erpWebUrl(rt.config.dolibarr.url, 'contract', usage.contractId),
      tickets: [...(byLine.get(usage.lineId)?.entries() ?? [])].map(([id, t]) => ({
        ref: t.ref,
        url: erpWebUrl(rt.config.dolibarr.url, 'ticket', id),
        hours: secondsToHours(t.seconds),
        interventionRefs: t.interventionRefs,
      })),
    });
    customers.set(socid, customer);
  }
  return [...customers.values()].sort((a, b) => a.name.localeCompare(b.name));
}
