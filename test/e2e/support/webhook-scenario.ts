import { startDolibarrDouble, type DolibarrDouble } from '../../doubles/dolibarr';
import { signPayload } from '../../../plugins/webhook';
import { freePort, startServiceProcess, type ServiceProcess } from './service-process';
import { startHelpdeskReceiver } from './helpdesk-receiver';
import { deleteKeysUnder } from '../../support/redis-keys';

export const API_KEY = 'e2e-dolibarr-key-0123456789abcdef';
export const HOOK_SECRET = 'e2e-helpdesk-secret-0123456789';
export const DOLIBARR_TOKEN = 'e2e-dolibarr-webhook-token-0123456789';
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const FILE_LINK_SECRET = 'e2e-file-link-secret-0123456789abcdef';

/** What the seeded Dolibarr knows: ACME with a running 10-hour support contract. */
export const SEED = {
  thirdparties: [{ id: 1, name: 'ACME', email: 'contact@acme.example', phone: '+33 1 23 45 67 89' }],
  contacts: [{ id: 1, socid: 1, lastname: 'Durand', firstname: 'Marie', email: 'marie.durand@acme.example' }],
  users: [{ id: 2, login: 'jdoe', email: 'jdoe@acme-support.example', firstname: 'John', lastname: 'Doe' }],
  products: [
    { id: 1, ref: 'SUPPORT-CONTRACT', label: 'Support contract (hours)', type: 1, price: 800, duration_value: 1, duration_unit: 'h' },
    { id: 2, ref: 'SUPPORT-HOUR', label: 'Support hour', type: 1, price: 80 },
  ],
  contracts: [
    {
      id: 1,
      socid: 1,
      statut: 1,
      lines: [
        {
          id: 1,
          fk_product: 1,
          desc: 'Support 10 h',
          qty: 10,
          subprice: 80,
          statut: 4 as const,
          date_start: 1767225600,
          date_start_real: 1767225600,
          date_end: 1830297600,
        },
      ],
    },
  ],
};

export interface Scenario {
  double: DolibarrDouble;
  receiver: Awaited<ReturnType<typeof startHelpdeskReceiver>>;
  service: ServiceProcess;
  prefix: string;
  restart(): Promise<void>;
  kill(): Promise<void>;
  push(body: unknown, opts?: { secret?: string; timestamp?: number }): Promise<Response>;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  control(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** Dolibarr double + helpdesk receiver + the service as its own process, wired through the generic webhook plugin. */
export interface ScenarioOptions {
  env?: Record<string, string>;
  /** Trigger codes the Dolibarr double delivers (all when absent): leave some out to simulate lost webhooks. */
  webhookTriggerCodes?: string[];
  /** Seconds between ERP polls (0: webhooks only). */
  erpPollSeconds?: number;
  /** More settings of the webhook helpdesk (e.g. `outboundBatch`). */
  webhookSettings?: Record<string, unknown>;
  /** More configuration sections (e.g. `sla`). */
  config?: Record<string, unknown>;
  /** Modules the service process loads first (`node -r`), e.g. the fast clock. */
  preload?: string[];
}

export async function startWebhookScenario(name: string, opts: ScenarioOptions = {}): Promise<Scenario> {
  const extraEnv = opts.env ?? {};
  const port = await freePort();
  const double = await startDolibarrDouble({
    apiKey: API_KEY,
    webhookUrl: `http://127.0.0.1:${port}/webhooks/dolibarr/${DOLIBARR_TOKEN}`,
    webhookTriggerCodes: opts.webhookTriggerCodes,
  });
  const receiver = await startHelpdeskReceiver();
  const prefix = `tb-e2e-${name}-${process.pid}-${Date.now()}`;
  const config = {
    dolibarr: { url: double.url, timeoutMs: 1500, maxRetries: 1, retryBaseMs: 50, retryMaxMs: 200 },
    redis: { prefix },
    server: { publicUrl: `http://127.0.0.1:${port}` },
    helpdesks: { webhook: { plugin: 'webhook', settings: { outboundUrl: receiver.url, ...opts.webhookSettings } } },
    sync: { backoffMs: 200, coalesceMs: 100, erpPollSeconds: opts.erpPollSeconds ?? 0, jobLockMs: 3000, workerConcurrency: 4 },
    ...opts.config,
  };
  const env = {
    DOLIBARR_API_KEY: API_KEY,
    TB_HELPDESK_WEBHOOK_SECRET: HOOK_SECRET,
    DOLIBARR_WEBHOOK_TOKEN: DOLIBARR_TOKEN,
    ADMIN_TOKEN,
    FILE_LINK_SECRET,
    REDIS_URL: 'redis://127.0.0.1:6379',
    ...extraEnv,
  };
  const control = async (path: string, body?: unknown) => {
    const res = await fetch(
      `${double.controlUrl}${path}`,
      body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    if (!res.ok) throw new Error(`double ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  await control('/seed', SEED);
  const scenario: Scenario = {
    double,
    receiver,
    prefix,
    service: await startServiceProcess({ config, env, port, preload: opts.preload }),
    async restart() {
      await scenario.service.stop();
      scenario.service = await startServiceProcess({ config, env, port, preload: opts.preload });
    },
    async kill() {
      await scenario.service.kill();
    },
    async push(body, opts = {}) {
      const raw = JSON.stringify(body);
      const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
      return fetch(`${scenario.service.url}/webhooks/helpdesk/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signPayload(opts.secret ?? HOOK_SECRET, raw, ts) },
        body: raw,
      });
    },
    admin: (method, path, body) =>
      fetch(`${scenario.service.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    control,
    async close() {
      await scenario.service.stop();
      await receiver.close();
      await double.close();
      await deleteKeysUnder(`${prefix}:`);
    },
  };
  return scenario;
}

let seq = 0;
export const eventId = (what: string) => `${what}-${process.pid}-${Date.now()}-${++seq}`;

export function ticketEvent(id: string, overrides: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return {
    type: 'ticket.upserted',
    eventId: eventId(`ticket-${id}`),
    occurredAt: now,
    ticket: {
      id,
      number: id,
      title: 'Printer on fire',
      body: 'The office printer is on fire.',
      queue: 'Support',
      type: 'incident',
      priority: 'high',
      state: 'open',
      stateCategory: 'open',
      customer: { email: 'marie.durand@acme.example', name: 'Marie Durand' },
      owner: { login: 'jdoe' },
      createdAt: now,
      updatedAt: now,
      ...overrides,
    },
    ...extra,
  };
}
