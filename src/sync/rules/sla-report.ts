import type { SlaRecord } from './sla-record';

/** One line of the report: a customer or a priority. */
export interface SlaReportRow {
  key: string;
  tickets: number;
  /** Targets (first response, resolution) whose end is known: met in time or breached. */
  targets: number;
  targetsMet: number;
  /** Business minutes, over the tickets answered / resolved in the figures. */
  firstResponseMedian: number | null;
  firstResponseP90: number | null;
  resolutionMedian: number | null;
  resolutionP90: number | null;
  /** Tickets with at least one target breached. */
  breaches: number;
}

export interface SlaReport {
  period: string;
  byCustomer: SlaReportRow[];
  byPriority: SlaReportRow[];
}

/** Median: the middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

function row(key: string, records: readonly SlaRecord[]): SlaReportRow {
  const targets = records.flatMap((r) => [r.firstResponse, r.resolution]).filter((t) => t !== null && (t.done || t.breached));
  const answered = records.flatMap((r) => (r.firstResponse?.done ? [r.firstResponse.usedMinutes] : []));
  const resolved = records.flatMap((r) => (r.resolution?.done ? [r.resolution.usedMinutes] : []));
  return {
    key,
    tickets: records.length,
    targets: targets.length,
    targetsMet: targets.filter((t) => !t!.breached).length,
    firstResponseMedian: median(answered),
    firstResponseP90: percentile(answered, 90),
    resolutionMedian: median(resolved),
    resolutionP90: percentile(resolved, 90),
    breaches: records.filter((r) => r.firstResponse?.breached || r.resolution?.breached).length,
  };
}

function groupBy(records: readonly SlaRecord[], keyOf: (r: SlaRecord) => string): SlaReportRow[] {
  const groups = new Map<string, SlaRecord[]>();
  for (const r of records) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => row(k, rs));
}

/** The period's figures per customer (named by `customerName`) and per priority, with a total line each. */
export function computeSlaReport(period: string, records: readonly SlaRecord[], customerName: (r: SlaRecord) => string): SlaReport {
  const total = row('TOTAL', records);
  return {
    period,
    byCustomer: [...groupBy(records, customerName), total],
    byPriority: [...groupBy(records, (r) => r.priority ?? '(none)'), total],
  };
}
