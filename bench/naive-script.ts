import { performance } from 'node:perf_hooks';
import axios from 'axios';

/**
 * The baseline: the script a Dolibarr administrator would write instead of the bridge. Per ticket, a contact
 * look-up by e-mail, a ticket create (its own ref: Dolibarr's auto refs collide at 4 at a time) and one
 * `POST /tickets/newmessage` per message; `concurrency` tickets at a time. No queue, no retry, no idempotency,
 * no echo suppression: what it loses on a failure stays lost.
 */
export interface NaiveOptions {
  url: string;
  apiKey: string;
  tickets: number;
  messages: number;
  concurrency: number;
  /** Ref prefix of this run's tickets, e.g. "NAIVE-<run>-". */
  refPrefix: string;
  customerEmail: string;
}

export interface NaiveResult {
  ok: number;
  failed: string[];
  ms: number;
  /** Per ticket, from its first call to its last message written. */
  latencies: number[];
  calls: Record<string, number>;
  trackIds: string[];
}

export async function runNaiveScript(o: NaiveOptions): Promise<NaiveResult> {
  const http = axios.create({ baseURL: o.url, headers: { DOLAPIKEY: o.apiKey, Accept: 'application/json' }, timeout: 30_000 });
  const calls: Record<string, number> = {};
  const count = (endpoint: string) => (calls[endpoint] = (calls[endpoint] ?? 0) + 1);
  const result: NaiveResult = { ok: 0, failed: [], ms: 0, latencies: [], calls, trackIds: [] };
  const one = async (n: number): Promise<void> => {
    const started = performance.now();
    const ref = `${o.refPrefix}${n}`;
    const trackId = ref.toLowerCase().replace(/[^a-z0-9]/g, '_');
    result.trackIds.push(trackId);
    count('GET /contacts');
    const contacts = await http.get<Array<{ socid: string | number }>>('/contacts', {
      params: { sqlfilters: `(t.email:=:'${o.customerEmail}')`, limit: 1 },
    });
    const socid = contacts.data[0]?.socid;
    count('POST /tickets');
    const created = await http.post<number>('/tickets', {
      ref,
      track_id: trackId,
      subject: `Naive ticket ${n}`,
      message: `Opening message of ${n}`,
      fk_soc: socid,
    });
    if (!created.data) throw new Error(`ticket ${ref}: no id`);
    for (let m = 1; m <= o.messages; m += 1) {
      count('POST /tickets/newmessage');
      await http.post('/tickets/newmessage', { track_id: trackId, message: `Naive message ${m} of ${n}`, private: m % 3 === 0 ? 1 : 0 });
    }
    result.latencies.push(performance.now() - started);
    result.ok += 1;
  };
  const begin = performance.now();
  let next = 1;
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency, o.tickets) }, async () => {
      while (next <= o.tickets) {
        const n = next++;
        await one(n).catch((err: unknown) => result.failed.push(`${n}: ${(err as Error).message}`));
      }
    }),
  );
  result.ms = performance.now() - begin;
  return result;
}
