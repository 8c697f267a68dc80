import type { BillingReport } from './billing-report';
import { formatHours } from '../templates';

const hours = (h: number | null) => (h === null ? '-' : formatHours(h));

/** A plain-text table for the CLI: contract consumption, then billable time per third party. */
export function renderBillingTable(report: BillingReport): string {
  const out: string[] = [`Billing ${report.period} (${report.timeZone})`, ''];
  out.push('Contracts');
  out.push(
    ...table(
      ['contract', 'line', 'service', 'prepaid h', 'before h', 'period h', 'remaining h', 'overage h'],
      report.contracts.map((c) => [
        c.contractRef,
        String(c.lineId),
        c.productRef ?? '',
        hours(c.prepaidHours),
        hours(c.consumedBeforeHours),
        hours(c.consumedInPeriodHours),
        hours(c.remainingHours),
        hours(c.overageHours),
      ]),
    ),
  );
  out.push('', 'Billable time');
  const rows = report.customers.flatMap((c) =>
    c.items.map((i) => [c.name, i.interventionRef, i.ticketRefs.join(' '), hours(i.hours), i.reason, i.contractRef ?? '', i.billedInvoice ?? '']),
  );
  out.push(...table(['third party', 'intervention', 'tickets', 'hours', 'reason', 'contract', 'billed'], rows));
  out.push('', ...report.customers.map((c) => `${c.name}: ${hours(c.billableHours)} h to bill, ${hours(c.alreadyBilledHours)} h already billed`));
  if (report.skipped.length) out.push('', ...report.skipped.map((s) => `skipped intervention #${s.interventionId}: ${s.reason}`));
  return out.join('\n');
}

function table(header: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ['(none)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** One CSV row per billable item (RFC 4180 quoting). */
export function billingCsv(report: BillingReport): string {
  const header = [
    'period',
    'socid',
    'third_party',
    'intervention_id',
    'intervention_ref',
    'ticket_refs',
    'hours',
    'reason',
    'contract_ref',
    'billed_invoice',
  ];
  const rows = report.customers.flatMap((c) =>
    c.items.map((i) => [
      report.period,
      String(c.socid),
      c.name,
      String(i.interventionId),
      i.interventionRef,
      i.ticketRefs.join(' '),
      String(i.hours),
      i.reason,
      i.contractRef ?? '',
      i.billedInvoice ?? '',
    ]),
  );
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  // A leading = + - @ would make spreadsheets evaluate a third party's name as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
