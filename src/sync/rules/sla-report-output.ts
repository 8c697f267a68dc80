import type { SlaReport, SlaReportRow } from './sla-report';

const HEADER = [
  'tickets',
  'targets',
  'targets met',
  'first response median',
  'first response p90',
  'resolution median',
  'resolution p90',
  'breaches',
];
const minutes = (m: number | null) => (m === null ? '' : String(Math.round(m * 10) / 10));

function cells(r: SlaReportRow): string[] {
  return [
    String(r.tickets),
    String(r.targets),
    String(r.targetsMet),
    minutes(r.firstResponseMedian),
    minutes(r.firstResponseP90),
    minutes(r.resolutionMedian),
    minutes(r.resolutionP90),
    String(r.breaches),
  ];
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (c: string[]) =>
    c
      .map((x, i) => x.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** The CLI's text: both tables, times in business minutes. */
export function renderSlaTables(report: SlaReport): string {
  return [
    `Service levels ${report.period} (times in business minutes)`,
    '',
    'Per customer',
    ...table(
      ['customer', ...HEADER],
      report.byCustomer.map((r) => [r.key, ...cells(r)]),
    ),
    '',
    'Per priority',
    ...table(
      ['priority', ...HEADER],
      report.byPriority.map((r) => [r.key, ...cells(r)]),
    ),
  ].join('\n');
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One CSV (RFC 4180) of one grouping; the first column is named after it. */
export function slaCsv(period: string, grouping: 'customer' | 'priority', rows: SlaReportRow[]): string {
  const header = [
    'period',
    grouping,
    'tickets',
    'targets',
    'targets_met',
    'first_response_median_min',
    'first_response_p90_min',
    'resolution_median_min',
    'resolution_p90_min',
    'breaches',
  ];
  return [header, ...rows.map((r) => [period, r.key, ...cells(r)])].map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
