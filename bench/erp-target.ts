import type { TicketRun } from './sender';

export interface FinalCheck {
  /** Helpdesk tickets with exactly one / no / more than one ERP ticket. */
  single: number;
  missing: number;
  duplicated: number;
  messages: number;
}

export type ApiCallReport = { total: number; byEndpoint: Record<string, number> } | { note: string };

/** Where the service writes, and how the bench watches it. */
export interface ErpTarget {
  /** Printed first, so nobody mistakes a double run for a real one. */
  description: string;
  url: string;
  apiKey: string;
  /** Service config for this target (rate limits, webhook token...). */
  serviceConfig: Record<string, unknown>;
  serviceEnv: Record<string, string>;
  /** Sets ticketSeenAt / messagesSeenAt (performance.now()) on runs seen complete since the last call. */
  observe(runs: TicketRun[], messages: number, serviceLogs: () => Array<Record<string, unknown>>): Promise<void>;
  verify(runs: TicketRun[]): Promise<FinalCheck>;
  /** Calls made before this (the baseline's) are not the service's: apiCalls leaves them out. */
  startCounting(): Promise<void>;
  /** Dolibarr API calls the service made, from the ERP's view or the service's /metrics. */
  apiCalls(serviceUrl: string): Promise<ApiCallReport>;
  close(): Promise<void>;
}

/** Counts ERP tickets per expected track_id. */
export function tally(runs: TicketRun[], trackIds: string[], messages: number): FinalCheck {
  const perTrack = new Map<string, number>();
  for (const t of trackIds) perTrack.set(t, (perTrack.get(t) ?? 0) + 1);
  const check: FinalCheck = { single: 0, missing: 0, duplicated: 0, messages };
  for (const r of runs) {
    const n = perTrack.get(r.trackId) ?? 0;
    if (n === 1) check.single += 1;
    else if (n === 0) check.missing += 1;
    else check.duplicated += 1;
  }
  return check;
}

/** Dolibarr API calls from the service's own counter (`ticketbridge_dolibarr_calls_total` on /metrics; one per HTTP attempt). */
export async function callsFromMetrics(serviceUrl: string): Promise<ApiCallReport> {
  const res = await fetch(`${serviceUrl}/metrics`);
  if (!res.ok) return { note: `service /metrics answered ${res.status}` };
  const byEndpoint: Record<string, number> = {};
  let total = 0;
  for (const m of (await res.text()).matchAll(
    /^ticketbridge_dolibarr_calls_total\{method="([^"]*)",endpoint="([^"]*)",status="([^"]*)"\} (\d+)$/gm,
  )) {
    const n = Number(m[4]);
    if (!n) continue;
    byEndpoint[`${m[1]} ${m[2]} ${m[3]}`] = n;
    total += n;
  }
  if (!total) return { note: 'no ticketbridge_dolibarr_calls_total on the service /metrics' };
  return { total, byEndpoint };
}
