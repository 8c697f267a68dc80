import { performance } from 'node:perf_hooks';
import { dolibarrConfigSchema } from '../src/config/schema';
import { DolibarrClient, type DolTicket } from '../src/erp/dolibarr';
import { callsFromLogs, tally, type ErpTarget } from './erp-target';
import type { BenchOptions } from './options';
import type { TicketRun } from './sender';

/** Runs `fn` over items, `width` at a time. */
async function eachLimited<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

/**
 * A real Dolibarr (DOLIBARR_URL + DOLIBARR_API_KEY). The bench's own reads compete with the
 * service for the same PHP workers, so they are few: one ticket list per round (the run's ref
 * prefix), then one message list per ticket that is present but not yet complete.
 */
export function realTarget(opts: BenchOptions & { dolibarrUrl: string; dolibarrApiKey: string }, refPrefixOfRun: string): ErpTarget {
  const api = new DolibarrClient(dolibarrConfigSchema.parse({ url: opts.dolibarrUrl, apiKey: opts.dolibarrApiKey, concurrency: 2, timeoutMs: 30_000 }));
  const listRun = async (): Promise<DolTicket[]> => {
    const out: DolTicket[] = [];
    for await (const t of api.listTickets({ refPrefix: refPrefixOfRun, pageSize: 500 })) out.push(t);
    return out;
  };
  return {
    description: `REAL Dolibarr at ${opts.dolibarrUrl} (tickets with refs ${refPrefixOfRun}*; they are left in place)`,
    url: opts.dolibarrUrl,
    apiKey: opts.dolibarrApiKey,
    serviceConfig: { dolibarr: { concurrency: opts.erpConcurrency ?? 4, ...(opts.erpRate ? { ratePerSecond: opts.erpRate } : {}) } },
    serviceEnv: { LOG_LEVEL: 'debug' },
    async observe(runs: TicketRun[], messages: number) {
      const byTrack = new Map((await listRun()).map((t) => [t.trackId, t.id]));
      const now = performance.now();
      const incomplete: TicketRun[] = [];
      for (const r of runs) {
        r.erpId ??= byTrack.get(r.trackId);
        if (r.erpId === undefined) continue;
        r.ticketSeenAt ??= now;
        if (r.messagesSeenAt === undefined) incomplete.push(r);
      }
      await eachLimited(incomplete, 2, async (r) => {
        if ((await api.listTicketMessages(r.erpId!)).length >= messages) r.messagesSeenAt = performance.now();
      });
    },
    async verify(runs) {
      const ours = await listRun();
      const wanted = new Set(runs.map((r) => r.trackId));
      let messages = 0;
      await eachLimited(ours.filter((t) => wanted.has(t.trackId)), 2, async (t) => {
        // Read the count before touching the total: `messages += await …` reads `messages` before the await, so
        // the two concurrent lists overwrote each other's additions (75 of 150 messages reported on a complete run).
        const count = (await api.listTicketMessages(t.id)).length;
        messages += count;
      });
      return tally(runs, ours.map((t) => t.trackId), messages);
    },
    apiCalls: async (serviceLogs) => callsFromLogs(serviceLogs()),
    close: async () => undefined,
  };
}
