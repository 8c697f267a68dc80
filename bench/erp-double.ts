import { performance } from 'node:perf_hooks';
import { startDolibarrDouble } from '../test/doubles/dolibarr';
import { API_KEY, DOLIBARR_TOKEN, SEED } from '../test/e2e/support/webhook-scenario';
import { tally, type ErpTarget } from './erp-target';
import type { BenchOptions } from './options';

const isMessage = (code: string) => code.startsWith('TICKET_MSG');

/**
 * The Dolibarr double of the e2e tests, in this process, seeded like them and sending its
 * webhooks to the service (unless `--double-like-real`). Its state is read in memory (cheap to poll); the call log
 * via /__double/state.
 */
export async function startDoubleTarget(opts: BenchOptions, servicePort: number): Promise<ErpTarget> {
  const double = await startDolibarrDouble({
    apiKey: API_KEY,
    webhookUrl: opts.doubleLikeReal ? undefined : `http://127.0.0.1:${servicePort}/webhooks/dolibarr/${DOLIBARR_TOKEN}`,
    closeConnections: opts.doubleLikeReal,
  });
  const seeded = await fetch(`${double.controlUrl}/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED),
  });
  if (!seeded.ok) throw new Error(`seeding the double failed: ${seeded.status} ${await seeded.text()}`);
  const callCounts = async (): Promise<Record<string, number>> => {
    const res = await fetch(`${double.controlUrl}/state`);
    if (!res.ok) throw new Error(`double /state: ${res.status}`);
    return ((await res.json()) as { callCounts: Record<string, number> }).callCounts;
  };
  let before: Record<string, number> = {};
  return {
    description: `Dolibarr DOUBLE (test/doubles/dolibarr, in the bench process) at ${double.url}${opts.doubleLikeReal ? ', like the real one: no webhooks, Connection: close' : ''}`,
    url: double.url,
    apiKey: API_KEY,
    serviceConfig: { dolibarr: { concurrency: opts.erpConcurrency ?? 16, ...(opts.erpRate ? { ratePerSecond: opts.erpRate } : {}) } },
    serviceEnv: { DOLIBARR_WEBHOOK_TOKEN: DOLIBARR_TOKEN },
    async observe(runs, messages) {
      const state = double.state();
      const byTrack = new Map(state.tickets.map((t) => [t.track_id, t.id]));
      const counts = new Map<number, number>();
      for (const e of state.events) {
        if (e.elementtype === 'ticket' && e.elementid !== null && isMessage(e.code)) counts.set(e.elementid, (counts.get(e.elementid) ?? 0) + 1);
      }
      const now = performance.now();
      for (const r of runs) {
        r.erpId ??= byTrack.get(r.trackId);
        if (r.erpId === undefined) continue;
        r.ticketSeenAt ??= now;
        if (r.messagesSeenAt === undefined && (counts.get(r.erpId) ?? 0) >= messages) r.messagesSeenAt = now;
      }
    },
    async verify(runs) {
      const state = double.state();
      const wanted = new Set(runs.map((r) => r.trackId));
      const ours = state.tickets.filter((t) => wanted.has(t.track_id));
      const ids = new Set(ours.map((t) => t.id));
      const messages = state.events.filter(
        (e) => e.elementtype === 'ticket' && e.elementid !== null && ids.has(e.elementid) && isMessage(e.code),
      ).length;
      return tally(
        runs,
        ours.map((t) => t.track_id),
        messages,
      );
    },
    async startCounting() {
      before = await callCounts();
    },
    async apiCalls() {
      const byEndpoint: Record<string, number> = {};
      for (const [key, n] of Object.entries(await callCounts())) {
        const folded = key.replace(/\/track_id\/\S+/, '/track_id/{tid}');
        const made = n - (before[key] ?? 0);
        if (made > 0) byEndpoint[folded] = (byEndpoint[folded] ?? 0) + made;
      }
      return { total: Object.values(byEndpoint).reduce((a, b) => a + b, 0), byEndpoint };
    },
    close: () => double.close(),
  };
}
