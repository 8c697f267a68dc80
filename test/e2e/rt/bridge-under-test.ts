import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { startDolibarrDouble, type DolibarrDouble } from '../../doubles/dolibarr';
import { projeqtorTrackerFor, startProjeqtorDouble, type PqDouble } from '../../doubles/projeqtor';
import { rtSettingsFor } from '../../rt/rt-staff';
import type { RtTestEnv } from '../../rt/rt-env';
import { freePort, startServiceProcess, type ServiceProcess } from '../support/service-process';
import { bridgeExtrafieldsSeed } from '../support/erp-seed';
import { deleteKeysUnder } from '../../support/redis-keys';

const REDIS_URL = 'redis://127.0.0.1:6379';

export interface Customer {
  email: string;
  socid: number;
  contractId: number;
  contractRef: string;
}

/**
 * The pieces of an RT end-to-end run: the Dolibarr double (in this process), a customer with a running support
 * contract in it, the ProjeQtor double as the development tracker (escalation on request only: no mark), and
 * `ticketbridge start` as a separate process polling the real RT. The service can be stopped,
 * killed and started again on the same port, Redis prefix and double, as an operator would restart it.
 */
export class BridgeUnderTest {
  service: ServiceProcess | undefined;
  /** Log lines of every service process started so far (a restart starts a new one). */
  private readonly earlierLogs: Array<Record<string, unknown>> = [];

  private constructor(
    readonly double: DolibarrDouble,
    readonly projeqtor: PqDouble,
    readonly customer: Customer,
    private readonly port: number,
    private readonly config: Record<string, unknown>,
    private readonly env: Record<string, string>,
    readonly redisPrefix: string,
  ) {}

  static async create(rt: RtTestEnv): Promise<BridgeUnderTest> {
    const tag = randomBytes(4).toString('hex');
    const apiKey = randomBytes(16).toString('hex');
    const webhookToken = randomBytes(16).toString('hex');
    const port = await freePort();
    const double = await startDolibarrDouble({ apiKey, webhookUrl: `http://127.0.0.1:${port}/webhooks/dolibarr/${webhookToken}` });
    const customer = await seedCustomer(double, `it-${tag}@acme-e2e-${tag}.example`);
    const projeqtor = await startProjeqtorDouble();
    const redisPrefix = `tb-e2e-rt-${tag}`;
    const adminToken = randomBytes(16).toString('hex');
    const config = {
      dolibarr: { url: double.url, timeoutMs: 5000, retryBaseMs: 100, retryMaxMs: 1000 },
      helpdesks: {
        webhook: { plugin: 'webhook', enabled: false },
        rt: { plugin: 'rt', enabled: true, settings: rtSettingsFor(rt) },
      },
      sync: { helpdeskPollSeconds: 1, erpPollSeconds: 1, coalesceMs: 100, backoffMs: 300, jobLockMs: 3000 },
      devTrackers: projeqtorTrackerFor(projeqtor).devTrackers,
      devEscalation: { enabled: true, tracker: 'projeqtor', helpdesks: { rt: { marks: [] } }, dueAfter: '8s', chaseEvery: '1h', pollSeconds: 1 },
    };
    const env = {
      DOLIBARR_API_KEY: apiKey,
      DOLIBARR_WEBHOOK_TOKEN: webhookToken,
      ADMIN_TOKEN: adminToken,
      ...projeqtorTrackerFor(projeqtor).env,
      TB_HELPDESK_RT_TOKEN: rt.token,
      REDIS_URL,
      TB__redis__prefix: redisPrefix,
      TB__sync__helpdeskPollSeconds: '1',
    };
    return new BridgeUnderTest(double, projeqtor, customer, port, config, env, redisPrefix);
  }

  /** An admin API call to the running service, with its admin token. */
  async admin(method: string, path: string): Promise<Response> {
    return fetch(`${this.service!.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
  }

  async start(): Promise<ServiceProcess> {
    if (this.service) this.earlierLogs.push(...this.service.logs());
    this.service = await startServiceProcess({ config: this.config, env: this.env, port: this.port });
    return this.service;
  }

  /** Stops whatever runs, closes the double and deletes every Redis key of this run; TB_E2E_LOGS=<file> keeps the service logs. */
  async dispose(): Promise<void> {
    await this.service?.kill();
    const logFile = process.env.TB_E2E_LOGS;
    if (logFile) writeFileSync(logFile, [...this.earlierLogs, ...(this.service?.logs() ?? [])].map((l) => JSON.stringify(l)).join('\n'));
    await this.double.close();
    await this.projeqtor.close();
    await deleteKeysUnder(`${this.redisPrefix}:`);
  }
}

/** A third party with a contact for the e-mail, the bridge's support products and a running SUPPORT-CONTRACT line. */
async function seedCustomer(double: DolibarrDouble, email: string): Promise<Customer> {
  const now = Math.floor(Date.now() / 1000);
  const day = 24 * 3600;
  const seed = async (body: unknown): Promise<Record<string, number[]>> => {
    const res = await fetch(`${double.controlUrl}/seed`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`seeding the Dolibarr double failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, number[]>;
  };
  const base = await seed({
    thirdparties: [{ name: 'Acme E2E', email }],
    products: [
      { ref: 'SUPPORT-CONTRACT', label: 'Support contract', type: 1, price: 1200, duration_value: 1, duration_unit: 'y' },
      { ref: 'SUPPORT-HOUR', label: 'Support hour', type: 1, price: 80, duration_value: 1, duration_unit: 'h' },
    ],
    extrafields: bridgeExtrafieldsSeed(),
  });
  const socid = base.thirdparties![0]!;
  const more = await seed({
    contacts: [{ socid, lastname: 'Technician', firstname: 'Ida', email }],
    contracts: [
      {
        socid,
        statut: 1,
        date_contrat: now - 30 * day,
        lines: [
          {
            fk_product: base.products![0]!,
            desc: 'Annual support',
            statut: 4,
            date_start: now - 30 * day,
            date_end: now + 335 * day,
            date_start_real: now - 30 * day,
          },
        ],
      },
    ],
  });
  const contractId = more.contracts![0]!;
  const contractRef = double.state().contracts.find((c) => c.id === contractId)!.ref;
  return { email, socid, contractId, contractRef };
}
