import type { SlaClock, SlaStatus, TargetFigures } from './sla-clock';
import { MINUTE_MS } from './business-calendar';

/** What the `sla` report needs of one ticket, kept each time its clock is computed. */
export interface SlaRecord {
  helpdeskId: string;
  ticketId: string;
  erpRef: string;
  /** ERP third party, when the ticket has one; otherwise the customer's e-mail. */
  socid: number | null;
  customerEmail: string | null;
  priority: string | null;
  policy: string;
  createdAt: string;
  status: SlaStatus;
  /** False once the ticket is in a state that stops the clock. */
  open: boolean;
  firstResponse: TargetRecord | null;
  resolution: TargetRecord | null;
}

interface TargetRecord {
  targetMinutes: number;
  /** Business minutes until the target was met, or so far. */
  usedMinutes: number;
  /** True once the target was met (answered, or resolved); its business time is then final. */
  done: boolean;
  breached: boolean;
}

function target(t: TargetFigures | undefined, done: boolean): TargetRecord | null {
  return t ? { targetMinutes: t.targetMinutes, usedMinutes: Math.floor(t.usedMs / MINUTE_MS), done, breached: t.state === 'breached' } : null;
}

/**
 * The record of a computed clock. `done` says which targets reached their end: the first answer was given,
 * the ticket is resolved (a breached target keeps counting until then, so its time is final only then).
 */
export function slaRecord(
  base: Omit<SlaRecord, 'status' | 'firstResponse' | 'resolution'>,
  clock: SlaClock,
  done: { firstResponse: boolean; resolution: boolean },
): SlaRecord {
  return {
    ...base,
    status: clock.status,
    firstResponse: target(clock.firstResponse, done.firstResponse),
    resolution: target(clock.resolution, done.resolution),
  };
}
