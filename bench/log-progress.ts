import { performance } from 'node:perf_hooks';
import type { TicketRun } from './sender';

/**
 * Progress read from the service's own log lines ("ERP ticket created", "article mirrored as ERP message"), so
 * that watching a real Dolibarr costs it no call: the bench's reads would take PHP workers from the service.
 * Times are the log lines' timestamps, on the performance.now() clock.
 */
export function observeFromLogs(runs: TicketRun[], messages: number, lines: Array<Record<string, unknown>>): void {
  const created = new Map<string, { at: number; erpId: number }>();
  const mirrored = new Map<string, { count: number; last: number }>();
  const at = (l: Record<string, unknown>) => Date.parse(String(l.timestamp)) - performance.timeOrigin;
  for (const l of lines) {
    if (l.message === 'ERP ticket created' && typeof l.ticketId === 'string') created.set(l.ticketId, { at: at(l), erpId: Number(l.erpId) });
    if (l.message === 'article mirrored as ERP message' && typeof l.ticketId === 'string') {
      const m = mirrored.get(l.ticketId) ?? { count: 0, last: 0 };
      mirrored.set(l.ticketId, { count: m.count + 1, last: Math.max(m.last, at(l)) });
    }
  }
  for (const r of runs) {
    const c = created.get(r.ticketId);
    if (!c) continue;
    r.erpId ??= c.erpId;
    r.ticketSeenAt ??= c.at;
    const m = mirrored.get(r.ticketId);
    if (r.messagesSeenAt === undefined && (messages === 0 || (m && m.count >= messages))) r.messagesSeenAt = m?.last ?? c.at;
  }
}
