import client from 'prom-client';

/** One registry for the process; /metrics exposes it. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const inboundEvents = new client.Counter({
  name: 'ticketbridge_inbound_deliveries_total',
  help: 'Webhook deliveries received, by source ("dolibarr" or the helpdeskId) and outcome',
  labelNames: ['source', 'outcome'] as const,
  registers: [registry],
});

export const httpDuration = new client.Histogram({
  name: 'ticketbridge_http_request_seconds',
  help: 'HTTP requests served, by route and status',
  labelNames: ['route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const dolibarrCallLimit = new client.Gauge({
  name: 'ticketbridge_dolibarr_call_limit',
  help: 'Dolibarr calls allowed in flight now (the adaptive limit; dolibarr.concurrency at most)',
  registers: [registry],
});

const dolibarrSlowdowns = new client.Counter({
  name: 'ticketbridge_dolibarr_slowdowns_total',
  help: 'Times the Dolibarr call limit was lowered, by reason (rate-limited, unavailable, timeout, latency)',
  labelNames: ['reason'] as const,
  registers: [registry],
});

/** Follows the Dolibarr client's adaptive limit. */
export function recordDolibarrLimit(change: { limit: number; reason: string }): void {
  dolibarrCallLimit.set(change.limit);
  if (change.reason !== 'recovered') dolibarrSlowdowns.inc({ reason: change.reason });
}

let slaCounts: (() => Promise<Record<string, number>>) | undefined;

/** Open tickets by service-level status (ok, at_risk, paused, breached), read from the store at each scrape. */
new client.Gauge({
  name: 'ticketbridge_sla_open_tickets',
  help: 'Open tickets under a service level, by status',
  labelNames: ['status'] as const,
  registers: [registry],
  async collect() {
    if (!slaCounts) return;
    for (const [status, n] of Object.entries(await slaCounts())) this.set({ status }, n);
  },
});

/** Where the gauge's figures come from; set by the service when service levels are enabled. */
export function countSlaOpenTicketsWith(source: () => Promise<Record<string, number>>): void {
  slaCounts = source;
}

const devEscalations = new client.Counter({
  name: 'ticketbridge_dev_escalations_total',
  help: 'Development issues: created, found again after a crash, reminders sent (overdue), ends reported (done)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

/** Counts what a dev-escalation job did; outcomes that changed nothing are not counted. */
export function countDevEscalation(outcome: string): void {
  const label = ({ created: 'created', found: 'found', reminded: 'overdue', done: 'done' } as Record<string, string | undefined>)[outcome];
  if (label) devEscalations.inc({ outcome: label });
}
