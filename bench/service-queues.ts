import { ADMIN_TOKEN } from '../test/e2e/support/webhook-scenario';

export interface QueueSummary {
  /** Jobs waiting, delayed or running, over all queues. */
  pending: number;
  failed: number;
  /** A few failure reasons, for the message when the ERP never gets everything. */
  reasons: string[];
}

async function admin<T>(serviceUrl: string, path: string): Promise<T> {
  const res = await fetch(`${serviceUrl}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) throw new Error(`service ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The service's own view of its queues (admin API), so a run whose jobs all failed stops at once. */
export async function queueSummary(serviceUrl: string): Promise<QueueSummary> {
  const counts = await admin<Record<string, Record<string, number>>>(serviceUrl, '/api/queues');
  let pending = 0;
  let failed = 0;
  for (const c of Object.values(counts)) {
    pending += (c.waiting ?? 0) + (c.active ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c['waiting-children'] ?? 0);
    failed += c.failed ?? 0;
  }
  const reasons = failed
    ? (await admin<Array<{ queue: string; name: string; reason: string }>>(serviceUrl, '/api/jobs/failed?limit=3')).map(
        (j) => `${j.queue}/${j.name}: ${j.reason.slice(0, 300)}`,
      )
    : [];
  return { pending, failed, reasons };
}
