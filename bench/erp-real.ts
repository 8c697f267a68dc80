import { dolibarrConfigSchema } from '../src/config/schema';
import { DolibarrClient, type DolTicket } from '../src/erp/dolibarr';
import { callsFromMetrics, tally, type ErpTarget } from './erp-target';
import { LogProgress } from './log-progress';
import type { BenchOptions } from './options';
import type { TicketRun } from './sender';

/** Runs `fn` over items, `width` at a time. */
async function eachLimited<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/**
 * A real Dolibarr (DOLIBARR_URL + DOLIBARR_API_KEY). The bench's own reads would compete with the
 * service for the same PHP workers, so progress comes from the service's log and Dolibarr is read
 * only for the final check (the run's ref prefix, then each ticket's messages).
 */
export function realTarget(opts: BenchOptions & { dolibarrUrl: string; dolibarrApiKey: string }, refPrefixOfRun: string): ErpTarget {
  const api = new DolibarrClient(
    dolibarrConfigSchema.parse({ url: opts.dolibarrUrl, apiKey: opts.dolibarrApiKey, concurrency: 2, timeoutMs: 30_000 }),
  );
  const listRun = async (): Promise<DolTicket[]> => {
    const out: DolTicket[] = [];
    for await (const t of api.listTickets({ refPrefix: refPrefixOfRun, pageSize: 500 })) out.push(t);
    return out;
  };
  const progress = new LogProgress();
  return {
    description: `REAL Dolibarr at ${opts.dolibarrUrl} (tickets with refs ${refPrefixOfRun}*; they are left in place)`,
    url: opts.dolibarrUrl,
    apiKey: opts.dolibarrApiKey,
    serviceConfig: { dolibarr: { concurrency: opts.erpConcurrency ?? 4, ...(opts.erpRate ? { ratePerSecond: opts.erpRate } : {}) } },
    serviceEnv: {},
    // Watched through the service's log, not through Dolibarr: the bench's reads would take PHP workers from it.
    async observe(runs: TicketRun[], messages: number, serviceLogs) {
      progress.observe(runs, messages, serviceLogs());
    },
    async verify(runs) {
      const ours = await listRun();
      const wanted = new Set(runs.map((r) => r.trackId));
      let messages = 0;
      await eachLimited(
        ours.filter((t) => wanted.has(t.trackId)),
        2,
        async (t) => {
          // Read the count before touching the total: `messages += await …` reads `messages` before the await, so
          // the two concurrent lists overwrote each other's additions (75 of 150 messages reported on a complete run).
          const count = (await api.listTicketMessages(t.id)).length;
          messages += count;
        },
      );
      return tally(
        runs,
        ours.map((t) => t.trackId),
        messages,
      );
    },
    // The service's own counter counts only its calls.
    startCounting: async () => undefined,
    apiCalls: callsFromMetrics,
    close: async () => undefined,
  };
}
