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
  /** Dolibarr API calls the service made, from the ERP's view or the service's debug log. */
  apiCalls(serviceLogs: () => Array<Record<string, unknown>>): Promise<ApiCallReport>;
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

/** Dolibarr API calls from the service's `dolibarr request` debug lines (one per HTTP attempt). */
export function callsFromLogs(lines: Array<Record<string, unknown>>): ApiCallReport {
  const byEndpoint: Record<string, number> = {};
  let total = 0;
  for (const l of lines) {
    if (l.message !== 'dolibarr request' && l.message !== 'dolibarr request failed') continue;
    const path = String(l.path ?? '?').split('?')[0].replace(/\/\d+(?=\/|$)/g, '/{id}').replace(/\/track_id\/[^/]+/, '/track_id/{tid}').replace(/\/ref\/[^/]+/, '/ref/{ref}');
    const key = `${String(l.method)} ${path} ${String(l.status ?? 'failed')}`;
    byEndpoint[key] = (byEndpoint[key] ?? 0) + 1;
    total += 1;
  }
  if (!total) return { note: 'no "dolibarr request" lines in the service log (is LOG_LEVEL debug?)' };
  return { total, byEndpoint };
}
