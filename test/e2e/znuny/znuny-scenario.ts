import { randomBytes } from 'node:crypto';
import { startZnunyDouble, type ZnunyDouble } from '../../doubles/znuny';
import { trackIdFor } from '../../../src/sync/shared/ticket-identity';
import { startDolibarrDouble, type DolibarrDouble } from '../../doubles/dolibarr';
import type { Ticket } from '../../doubles/dolibarr/state';
import { freePort, startServiceProcess, type ServiceProcess } from '../support/service-process';
import { InvokerRelay } from './invoker-relay';
import { bridgeExtrafieldsSeed } from '../support/erp-seed';
import { deleteKeysUnder } from '../../support/redis-keys';

const REDIS_URL = 'redis://127.0.0.1:6379';
const HOUR = 3600;

/** The caller Znuny records for a phone ticket: the number at the company's domain. */
export const PHONE_CUSTOMER = '0123456789@logeas.example';

export interface Customer {
  socid: number;
  contractId: number;
  contractRef: string;
}

/**
 * The Znuny double and the Dolibarr double in this process, `ticketbridge start` as its own
 * process between them, the Znuny invokers passing through a relay that can lose, hold and
 * repeat deliveries.
 */
export class ZnunyScenario {
  service!: ServiceProcess;

  private constructor(
    readonly znuny: ZnunyDouble,
    readonly dolibarr: DolibarrDouble,
    readonly relay: InvokerRelay,
    readonly customer: Customer,
    readonly redisPrefix: string,
  ) {}

  /** `config`: more configuration sections (e.g. `devTrackers`, `devEscalation`); `env`: more environment (their secrets). */
  static async start(
    opts: { sync?: Record<string, unknown>; config?: Record<string, unknown>; env?: Record<string, string>; znunyFieldEvents?: string[] } = {},
  ): Promise<ZnunyScenario> {
    const tag = randomBytes(4).toString('hex');
    const port = await freePort();
    const apiKey = randomBytes(16).toString('hex');
    const dolibarrToken = randomBytes(16).toString('hex');
    const invokerSecret = randomBytes(24).toString('hex');
    const relay = new InvokerRelay(`http://127.0.0.1:${port}/webhooks/helpdesk/znuny`);
    const relayUrl = await relay.start();
    const znuny = await startZnunyDouble({
      timeZone: 'UTC',
      invoker: { url: relayUrl, header: 'x-ticketbridge-token', secret: invokerSecret, fieldEvents: opts.znunyFieldEvents },
    });
    const dolibarr = await startDolibarrDouble({ apiKey, webhookUrl: `http://127.0.0.1:${port}/webhooks/dolibarr/${dolibarrToken}` });
    const customer = await seedDolibarr(dolibarr);
    const redisPrefix = `tb-e2e-znuny-${tag}`;
    const config = {
      dolibarr: { url: dolibarr.url, timeoutMs: 2000, maxRetries: 1, retryBaseMs: 50, retryMaxMs: 200 },
      helpdesks: {
        webhook: { plugin: 'webhook', enabled: false },
        znuny: {
          plugin: 'znuny',
          settings: {
            baseUrl: znuny.url,
            userLogin: 'tb-agent',
            agentFromAddress: 'ticketbridge@helpdesk.example',
            timeZone: 'UTC',
            createQueue: 'Support',
            timeoutMs: 3000,
          },
        },
      },
      // Codes the double's dictionaries hold (templates/dictionaries.json).
      mapping: { types: { Unclassified: 'ISSUE' }, categories: { Support: 'OTHER' }, severities: { '3 normal': 'NORMAL', '4 high': 'HIGH' } },
      rules: { customer: { defaultCountry: 'FR' } },
      sync: { helpdeskPollSeconds: 1, erpPollSeconds: 0, coalesceMs: 100, backoffMs: 200, jobLockMs: 3000, workerConcurrency: 4, ...opts.sync },
      ...opts.config,
    };
    const env = {
      DOLIBARR_API_KEY: apiKey,
      DOLIBARR_WEBHOOK_TOKEN: dolibarrToken,
      ADMIN_TOKEN: randomBytes(16).toString('hex'),
      TB_HELPDESK_ZNUNY_PASSWORD: 'tb-password',
      TB_HELPDESK_ZNUNY_WEBHOOK_SECRET: invokerSecret,
      REDIS_URL,
      TB__redis__prefix: redisPrefix,
      TB__sync__helpdeskPollSeconds: '1',
      ...opts.env,
    };
    const scenario = new ZnunyScenario(znuny, dolibarr, relay, customer, redisPrefix);
    scenario.service = await startServiceProcess({ config, env, port });
    return scenario;
  }

  /** Every ERP ticket the bridge made for a Znuny ticket (its track_id derives from the Znuny TicketID). */
  erpTickets(znunyId: string): Ticket[] {
    const trackId = trackIdFor({ helpdeskId: 'znuny', ticketId: znunyId });
    return this.dolibarr.state().tickets.filter((t) => t.track_id === trackId);
  }

  erpTicket(znunyId: string): Ticket | undefined {
    const found = this.erpTickets(znunyId);
    if (found.length > 1) throw new Error(`Znuny ticket ${znunyId} has ${found.length} ERP tickets`);
    return found[0];
  }

  /** The documents of an ERP ticket: name → bytes. */
  documents(erpId: number): Record<string, Buffer> {
    const docs = this.dolibarr.state().documents[erpId] ?? [];
    return Object.fromEntries(docs.map((d) => [d.name, Buffer.from(d.content, 'base64')]));
  }

  /** Public and private messages of an ERP ticket. */
  messages(erpId: number): Array<{ text: string; private: boolean }> {
    return this.dolibarr
      .state()
      .events.filter((e) => e.elementtype === 'ticket' && e.elementid === erpId && (e.code === 'TICKET_MSG' || e.code === 'TICKET_MSG_PRIVATE'))
      .map((e) => ({ text: e.note_private ?? '', private: e.code === 'TICKET_MSG_PRIVATE' }));
  }

  messagesContaining(erpId: number, text: string): Array<{ text: string; private: boolean }> {
    return this.messages(erpId).filter((m) => m.text.includes(text));
  }

  /** Intervention lines (seconds) of the interventions linked to an ERP ticket. */
  lineSeconds(erpId: number): number[] {
    const state = this.dolibarr.state();
    const ids = new Set(
      state.links.filter((l) => l.sourcetype === 'ticket' && l.fk_source === erpId && l.targettype === 'fichinter').map((l) => l.fk_target),
    );
    return state.interventions.filter((f) => ids.has(f.id)).flatMap((f) => f.lines.map((l) => l.duration));
  }

  interventionsOf(erpId: number) {
    const state = this.dolibarr.state();
    const ids = new Set(
      state.links.filter((l) => l.sourcetype === 'ticket' && l.fk_source === erpId && l.targettype === 'fichinter').map((l) => l.fk_target),
    );
    return state.interventions.filter((f) => ids.has(f.id));
  }

  /** Every intervention line of the customer, whichever ticket it belongs to. */
  allLineSeconds(): number[] {
    return this.dolibarr
      .state()
      .interventions.filter((f) => f.socid === this.customer.socid)
      .flatMap((f) => f.lines.map((l) => l.duration));
  }

  /** Records every status the ERP ticket takes (sampled every 10 ms) until stopped. */
  watchStatus(erpId: number): { stop(): number[] } {
    const seen: number[] = [];
    const sample = () => {
      const status = this.dolibarr.state().tickets.find((t) => t.id === erpId)?.fk_statut;
      if (status !== undefined && seen.at(-1) !== status) seen.push(status);
    };
    sample();
    // Unref'd: a test that fails before stop() must not keep jest waiting.
    const timer = setInterval(sample, 10).unref();
    return {
      stop: () => {
        clearInterval(timer);
        sample();
        return seen;
      },
    };
  }

  /** What an ERP user does in Dolibarr's UI (no `caller`, so not the bridge's own write). */
  async erpUser(action: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.dolibarr.controlUrl}/act/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`ERP user action ${action} failed: ${res.status} ${await res.text()}`);
  }

  /** The Znuny ticket as TicketGet returns it (articles and dynamic fields included). */
  znunyTicket(id: string): {
    State: string;
    RealTillTimeNotUsed: number;
    Article: Array<{ Subject: string; Body: string; IsVisibleForCustomer: number; From: string }>;
    DynamicField: Array<{ Name: string; Value: unknown }>;
  } {
    return this.znuny.control.ticket(id) as never;
  }

  dynamicField(id: string, name: string): string | undefined {
    const value = this.znuny.control.dynamicField(id, name);
    return typeof value === 'string' ? value : undefined;
  }

  async close(): Promise<void> {
    await this.service?.kill();
    await this.relay.close();
    await this.znuny.close();
    await this.dolibarr.close();
    await deleteKeysUnder(`${this.redisPrefix}:`);
  }
}

/**
 * Logeas answers the phone number the caller used; Logeas Holding shares its e-mail domain, so
 * the domain alone could not tell them apart: only the phone leads to Logeas.
 */
async function seedDolibarr(double: DolibarrDouble): Promise<Customer> {
  const now = Math.floor(Date.now() / 1000);
  const day = 24 * HOUR;
  const seed = async (body: unknown): Promise<Record<string, number[]>> => {
    const res = await fetch(`${double.controlUrl}/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`seeding the Dolibarr double failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, number[]>;
  };
  const base = await seed({
    thirdparties: [
      { name: 'Logeas', email: 'contact@logeas.example', phone: '+33 1 23 45 67 89' },
      { name: 'Logeas Holding', email: 'compta@logeas.example', phone: '+33 4 72 00 00 00' },
    ],
    products: [
      { ref: 'SUPPORT-CONTRACT', label: 'Support contract (hours)', type: 1, price: 800, duration_value: 1, duration_unit: 'h' },
      { ref: 'SUPPORT-HOUR', label: 'Support hour', type: 1, price: 80, duration_value: 1, duration_unit: 'h' },
    ],
    extrafields: bridgeExtrafieldsSeed(),
  });
  const socid = base.thirdparties![0]!;
  const contracts = await seed({
    contracts: [
      {
        socid,
        statut: 1,
        date_contrat: now - 30 * day,
        lines: [
          {
            fk_product: base.products![0]!,
            desc: 'Support 20 h',
            qty: 20,
            subprice: 80,
            statut: 4,
            date_start: now - 30 * day,
            date_start_real: now - 30 * day,
            date_end: now + 335 * day,
          },
        ],
      },
    ],
  });
  const contractId = contracts.contracts![0]!;
  return { socid, contractId, contractRef: double.state().contracts.find((c) => c.id === contractId)!.ref };
}
