/** Nearest-rank percentile of unsorted values (ms); undefined when there are none. */
function percentile(values: number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function latencyLine(label: string, values: number[], expected: number): string {
  const f = (v: number | undefined) => (v === undefined ? 'n/a' : `${Math.round(v)} ms`);
  const seen = values.length === expected ? '' : ` (only ${values.length}/${expected} observed)`;
  return `${label}: p50 ${f(percentile(values, 50))}, p95 ${f(percentile(values, 95))}, max ${f(values.length ? Math.max(...values) : undefined)}${seen}`;
}

export const perSecond = (count: number, ms: number) => (ms > 0 ? ((count * 1000) / ms).toFixed(1) : 'n/a');

export const mib = (kib: number | undefined) => (kib === undefined ? 'n/a' : `${(kib / 1024).toFixed(1)} MiB`);

/** Seconds of CPU spread over tickets, in milliseconds each. */
export const msPerTicket = (seconds: number, tickets: number) => (seconds * 1000) / tickets;
