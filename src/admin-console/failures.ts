import type { Runtime } from '../runtime';
import { JobAdmin, type ReplaySelection } from '../jobs/admin';
import { reasonInWords } from './words';
import { withHelpdeskId } from '../store/legacy-names';

export interface FailureView {
  queue: string;
  id: string;
  name: string;
  /** "webhook #42" for ticket jobs, "Dolibarr ticket 12" for ERP changes. */
  subject: string;
  ticket?: { helpdeskId: string; ticketId: string };
  words: string;
  reason: string;
  attemptsMade: number;
  failedAt?: Date;
}

function subjectOf(payload: unknown): Pick<FailureView, 'subject' | 'ticket'> {
  const p = withHelpdeskId(payload ?? {}) as { helpdeskId?: unknown; ticketId?: unknown; kind?: unknown; erpId?: unknown };
  if (typeof p.helpdeskId === 'string' && typeof p.ticketId === 'string')
    return { subject: `${p.helpdeskId} ticket ${p.ticketId}`, ticket: { helpdeskId: p.helpdeskId, ticketId: p.ticketId } };
  if (typeof p.kind === 'string' && typeof p.erpId === 'number') return { subject: `Dolibarr ${p.kind} ${p.erpId}` };
  if (typeof p.helpdeskId === 'string') return { subject: `helpdesk ${p.helpdeskId}` };
  return { subject: 'Dolibarr' };
}

export async function loadFailures(rt: Runtime, limit = 200): Promise<FailureView[]> {
  const failed = await new JobAdmin(rt.queues).listFailed(undefined, limit);
  return failed.map((f) => ({
    queue: f.queue,
    id: f.id,
    name: f.name,
    ...subjectOf(f.payload),
    words: reasonInWords(f.reason),
    reason: f.reason,
    attemptsMade: f.attemptsMade,
    failedAt: f.failedAt,
  }));
}

export async function replayFailures(rt: Runtime, selection: ReplaySelection): Promise<number> {
  return (await new JobAdmin(rt.queues).replayFailed(selection)).length;
}
