import type { HelpdeskSla } from '../../src/plugin-sdk';
import { issuePath, type JsmDeps } from './deps';
import { sdPage, slaInformationSchema, type SlaInformation } from './schemas';

const slaPage = sdPage(slaInformationSchema);

/** Every SLA metric of a request (agent + Browse projects permission). */
export async function readSla(deps: JsmDeps, ticketId: string): Promise<SlaInformation[]> {
  const path = issuePath('/rest/servicedeskapi/request', ticketId, '/sla');
  const out: SlaInformation[] = [];
  for (let start = 0; ;) {
    const page = await deps.client.get(path, { start, limit: 50 }, slaPage);
    out.push(...page.values);
    if (page.isLastPage || page.values.length === 0) return out;
    start += page.values.length;
  }
}

/**
 * The request's SLA in one line for the ERP: breached once any cycle missed its goal (a negative remaining
 * time counts too), paused when every running cycle is paused, else ok; due at the earliest breach time
 * of the cycles still running. No metric at all: no SLA.
 */
export function summarizeSla(metrics: SlaInformation[]): HelpdeskSla | undefined {
  if (metrics.length === 0) return undefined;
  const cycles = metrics.flatMap((m) => [...m.completedCycles, ...(m.ongoingCycle ? [m.ongoingCycle] : [])]);
  const breached = cycles.some((c) => c.breached || (c.remainingTime?.millis ?? 0) < 0);
  const ongoing = metrics.flatMap((m) => (m.ongoingCycle ? [m.ongoingCycle] : []));
  const running = ongoing.filter((c) => !c.paused && !c.breached);
  const dues = running.flatMap((c) => (c.breachTime ? [c.breachTime.getTime()] : []));
  const status = breached ? 'breached' : ongoing.length > 0 && running.length === 0 ? 'paused' : 'ok';
  return { status, ...(dues.length ? { nextDueAt: new Date(Math.min(...dues)) } : {}) };
}
