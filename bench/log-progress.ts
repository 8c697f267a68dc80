import { performance } from 'node:perf_hooks';
import type { TicketRun } from './sender';

/**
 * Progress read from the service's own log lines ("ERP ticket created", "article mirrored as ERP message"), so
 * that watching a real Dolibarr costs it no call: the bench's reads would take PHP workers from the service.
 * Times are the log lines' timestamps, on the performance.now() clock. Each line is read once: the log grows by
 * thousands of lines a run and is watched every few hundred milliseconds, on the CPUs the service and Dolibarr use.
 */
export class LogProgress {
  private readonly created = new Map<string, { at: number; erpId: number }>();
  private readonly mirrored = new Map<string, { count: number; last: number }>();
  private readUpTo = 0;

  observe(runs: TicketRun[], messages: number, lines: Array<Record<string, unknown>>): void {
    for (; this.readUpTo < lines.length; this.readUpTo += 1) this.read(lines[this.readUpTo]);
    for (const r of runs) {
      const c = this.created.get(r.ticketId);
      if (!c) continue;
      r.erpId ??= c.erpId;
      r.ticketSeenAt ??= c.at;
      const m = this.mirrored.get(r.ticketId);
      if (r.messagesSeenAt === undefined && (messages === 0 || (m && m.count >= messages))) r.messagesSeenAt = m?.last ?? c.at;
    }
  }

  private read(l: Record<string, unknown>): void {
    if (typeof l.ticketId !== 'string') return;
    const at = () => Date.parse(String(l.timestamp)) - performance.timeOrigin;
    if (l.message === 'ERP ticket created') this.created.set(l.ticketId, { at: at(), erpId: Number(l.erpId) });
    if (l.message === 'article mirrored as ERP message') {
      const m = this.mirrored.get(l.ticketId) ?? { count: 0, last: 0 };
      this.mirrored.set(l.ticketId, { count: m.count + 1, last: Math.max(m.last, at()) });
    }
  }
}
