import type { ApiCallReport, FinalCheck } from './erp-target';
import type { SendResult, TicketRun } from './sender';
import { latencyLine, mib, perSecond } from './stats';
import type { RedisUsage } from './redis-usage';
import type { RedisTraffic } from './redis-traffic';

export interface RunFacts {
  target: string;
  tickets: number;
  messages: number;
  /** Signed requests the simulated helpdesk makes per ticket: 1 + messages, or 1 with `--ticket-with-messages`. */
  requestsPerTicket: number;
  send: SendResult;
  runs: TicketRun[];
  /** performance.now() when the last ticket was seen complete in the ERP; undefined if never. */
  completeAt?: number;
  timedOut: boolean;
  pollMs: number;
  check: FinalCheck;
  calls: ApiCallReport;
  /** Tickets the service handled before the measured run (`--warmup`): its calls are not counted. */
  warmup: number;
  memory: { sampledPeakKib?: number; hwmKib?: number; samples: number };
  /** CPU seconds the service used during the run (start-up excluded). */
  serviceCpuSeconds?: number;
  /** This process over the same span: the simulated helpdesk sending and receiving, the ERP double if any, the watching. */
  benchCpuSeconds?: number;
  /** The local processes serving the ERP (`--erp-processes`) over the same span. */
  erp?: ErpCpu;
  /** Local `redis-server` processes over the same span; undefined when Redis is not on this machine. */
  redisCpuSeconds?: number;
  /** Redis' counters over the same span (every client of the server: run nothing else against it meanwhile). */
  redisTraffic?: RedisTraffic;
  settings: string;
  queueDepth?: string;
  redis?: RedisUsage;
}

export interface ErpCpu {
  processes: string[];
  seconds: number;
}

/** The bridge's end-to-end tickets/s (first push to last ticket complete); undefined when the run did not complete. */
export function bridgeRate(f: Pick<RunFacts, 'tickets' | 'completeAt' | 'send'>): number | undefined {
  return f.completeAt === undefined ? undefined : (f.tickets * 1000) / (f.completeAt - f.send.startedAt);
}

/** `Dolibarr CPU (php, mariadbd) ...: 15.9 s = 40 ms per ticket`. */
export function erpCpuLine(cpu: ErpCpu, tickets: number, span: string): string {
  return `Dolibarr CPU (${cpu.processes.join(', ')} processes) ${span}: ${cpu.seconds.toFixed(1)} s = ${Math.round((cpu.seconds * 1000) / tickets)} ms per ticket`;
}

const defined = (values: Array<number | undefined>) => values.filter((v): v is number => v !== undefined);

/** The figures, as printed; one block a person can paste into an issue. */
export function formatReport(f: RunFacts): string {
  const out: string[] = [];
  const totalMessages = f.tickets * f.messages;
  out.push('== TicketBridge throughput benchmark ==');
  out.push(`ERP target: ${f.target}`);
  out.push(`load: ${f.tickets} tickets x ${f.messages} messages = ${f.tickets * f.requestsPerTicket} signed webhook requests; ${f.settings}`);
  const sendMs = f.send.endedAt - f.send.startedAt;
  out.push(
    `intake: ${f.send.accepted} requests accepted (202) in ${(sendMs / 1000).toFixed(1)} s = ${perSecond(f.send.accepted, sendMs)} requests/s; refused ${f.send.refused.length}${f.send.refused.length ? ` (first: ${f.send.refused[0]})` : ''}`,
  );
  if (f.completeAt !== undefined) {
    const ms = f.completeAt - f.send.startedAt;
    out.push(
      `end to end (first push -> last message in the ERP): ${(ms / 1000).toFixed(1)} s = ${perSecond(f.tickets, ms)} tickets/s, ${perSecond(totalMessages, ms)} messages/s`,
    );
  } else {
    out.push(`end to end: NOT COMPLETE${f.timedOut ? ' (gave up waiting for the ERP)' : ''}`);
  }
  const ticketLat = defined(
    f.runs.map((r) => (r.ticketSeenAt !== undefined && r.ticketAcceptedAt !== undefined ? r.ticketSeenAt - r.ticketAcceptedAt : undefined)),
  );
  const msgLat = defined(
    f.runs.map((r) =>
      r.messagesSeenAt !== undefined && r.lastMessageAcceptedAt !== undefined ? r.messagesSeenAt - r.lastMessageAcceptedAt : undefined,
    ),
  );
  out.push(`latency, resolution ~${f.pollMs} ms (ERP polled):`);
  out.push(`  ${latencyLine('ticket.upserted 202 -> ERP ticket present', ticketLat, f.tickets)}`);
  out.push(`  ${latencyLine(`last article.added 202 -> all ${f.messages} messages present`, msgLat, f.tickets)}`);
  if ('total' in f.calls) {
    out.push(
      `Dolibarr API calls: ${f.calls.total} = ${(f.calls.total / f.tickets).toFixed(2)} per ticket (${f.warmup ? 'the measured run, after the warm-up' : 'whole run, incl. start-up checks'}); by endpoint:`,
    );
    for (const [k, v] of Object.entries(f.calls.byEndpoint).sort((a, b) => b[1] - a[1])) out.push(`  ${String(v).padStart(7)}  ${k}`);
  } else {
    out.push(`Dolibarr API calls: not measured (${f.calls.note})`);
  }
  out.push(`service peak RSS: VmHWM ${mib(f.memory.hwmKib)}; highest sampled VmRSS ${mib(f.memory.sampledPeakKib)} (${f.memory.samples} samples)`);
  if (f.serviceCpuSeconds !== undefined)
    out.push(
      `service CPU (user + system) during the run: ${f.serviceCpuSeconds.toFixed(1)} s = ${Math.round((f.serviceCpuSeconds * 1000) / f.tickets)} ms per ticket`,
    );
  if (f.benchCpuSeconds !== undefined)
    out.push(
      `bench process CPU over the same span (the simulated helpdesk sending and receiving, the Dolibarr double if used, the watching): ${f.benchCpuSeconds.toFixed(1)} s = ${Math.round((f.benchCpuSeconds * 1000) / f.tickets)} ms per ticket`,
    );
  if (f.redisCpuSeconds !== undefined)
    out.push(
      `Redis CPU (local redis-server processes) during the run: ${f.redisCpuSeconds.toFixed(1)} s = ${Math.round((f.redisCpuSeconds * 1000) / f.tickets)} ms per ticket`,
    );
  if (f.redisTraffic)
    out.push(
      `Redis requests during the run: ${f.redisTraffic.reads} socket reads = ${(f.redisTraffic.reads / f.tickets).toFixed(1)} per ticket (what clients sent while Redis was busy is read at once: at most the round trips), ${f.redisTraffic.commands} commands = ${(f.redisTraffic.commands / f.tickets).toFixed(1)} per ticket (with those scripts ran)`,
    );
  if (f.erp) out.push(erpCpuLine(f.erp, f.tickets, 'during the run'));
  if (f.queueDepth) out.push(`service queue depth (jobs waiting, delayed or running) over time: ${f.queueDepth}`);
  if (f.redis) {
    const r = f.redis;
    const per = r.linkedTickets ? `${Math.round(r.stateBytes / r.linkedTickets)} bytes per linked ticket` : 'no linked ticket';
    out.push(
      `Redis MEMORY USAGE: bridge state ${(r.stateBytes / 1024).toFixed(1)} KiB in ${r.stateKeys} keys = ${per}; queues ${(r.queueBytes / 1024).toFixed(1)} KiB in ${r.queueKeys} keys (finished jobs kept: bounded)`,
    );
    if (r.linkedTickets)
      out.push(
        `  of which kept for good (keys without TTL): ${Math.round(r.durableBytes / r.linkedTickets)} bytes per linked ticket; the rest expires (inbound event ids 7 d, admin activity, outbox markers and the ERP ticket memory 30 d)`,
      );
    const n = Math.max(1, r.linkedTickets);
    const parts = Object.entries(r.byNamespace).sort((a, b) => b[1].bytes - a[1].bytes);
    out.push(
      `  per linked ticket, by key namespace: ${parts.map(([ns, v]) => `${ns} ${Math.round(v.bytes / n)} B (${(v.keys / n).toFixed(1)} keys)`).join(', ')}`,
    );
  }
  const ok = f.check.single === f.tickets && f.check.missing === 0 && f.check.duplicated === 0 && f.check.messages === totalMessages;
  out.push(
    `final check: ${ok ? 'OK' : 'MISMATCH'} - ERP tickets: ${f.check.single}/${f.tickets} with exactly one, ${f.check.missing} missing, ${f.check.duplicated} duplicated; ` +
      `messages: ${f.check.messages} (expected ${totalMessages})`,
  );
  return out.join('\n');
}

export const reportOk = (f: RunFacts) =>
  f.check.single === f.tickets && f.check.duplicated === 0 && f.check.messages === f.tickets * f.messages && f.send.refused.length === 0;
