import type { Runtime } from '../runtime';
import { readiness } from '../runtime-checks';
import type { ConnectionActivity, HourlyActivity } from '../store/activity-store';

interface ConnectionView extends ConnectionActivity {
  name: string;
  kind: 'erp' | 'store' | 'helpdesk';
  ok: boolean;
  /** What the live check found wrong. */
  detail?: string;
}

export interface OverviewView {
  connections: ConnectionView[];
  queues: Array<{ name: string; counts: Record<string, number> }>;
  hourly: HourlyActivity[];
  totals: { events: number; done: number; failed: number };
}

/** Each connection checked now, with the last sync and error the workers recorded; queue depths; the last 24 hours. */
export async function loadOverview(rt: Runtime): Promise<OverviewView> {
  const now = rt.engine.now();
  const [ready, hourly] = await Promise.all([readiness(rt), rt.activity.hourly(now, 24)]);
  const check = (name: string) => ready.checks[name] ?? { ok: true, detail: 'no live check for this helpdesk' };
  const connections: ConnectionView[] = [
    { name: 'Dolibarr', kind: 'erp', ...check('dolibarr'), ...(await rt.activity.connection('dolibarr')) },
    { name: 'Redis', kind: 'store', ...check('redis') },
  ];
  for (const adapter of rt.adapters.values()) {
    connections.push({
      name: `${adapter.id} (${adapter.plugin})`,
      kind: 'helpdesk',
      ...check(`helpdesk:${adapter.id}`),
      ...(await rt.activity.connection(`helpdesk:${adapter.id}`)),
    });
  }
  const queues = [];
  for (const [name, q] of Object.entries(rt.queues.queues))
    queues.push({ name, counts: await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed') });
  const totals = hourly.reduce((t, h) => ({ events: t.events + h.events, done: t.done + h.done, failed: t.failed + h.failed }), {
    events: 0,
    done: 0,
    failed: 0,
  });
  return { connections, queues, hourly, totals };
}
