import { randomBytes } from 'node:crypto';
import { trackIdFor } from '../../../src/sync/shared/ticket-identity';
import { startDolibarrDouble, type DolibarrDouble } from '../../doubles/dolibarr';
import type { Ticket } from '../../doubles/dolibarr/state';
import { DOUBLE_CREDENTIALS, startJsmDouble, type JsmDouble } from '../../doubles/jsm';
import { deleteKeysUnder } from '../../support/redis-keys';
import { bridgeExtrafieldsSeed } from '../support/erp-seed';
import { freePort, startServiceProcess, type ServiceProcess } from '../support/service-process';

const REDIS_URL = 'redis://127.0.0.1:6379';
const DAY = 24 * 3600;

export const CUSTOM_FIELDS = {
  erpRef: 'customfield_10050',
  contract: 'customfield_10051',
  duration: 'customfield_10052',
  quote: 'customfield_10053',
} as const;
const GROUPS = { '1': 'Assistance', '2': 'Administration' };

export interface Customer {
  socid: number;
  contractId: number;
  contractRef: string;
}

/**
 * The JSM double (its admin webhook posting to the service) and the Dolibarr double in this process,
 * `ticketbridge start` as its own process between them, with the shipped example mapping.
 */
export class JsmScenario {
  service!: ServiceProcess;

  private constructor(
    readonly jsm: JsmDouble,
    readonly dolibarr: DolibarrDouble,
    readonly customer: Customer,
    readonly redisPrefix: string,
  ) {}

  static async start(opts: { slaRefreshSeconds?: number } = {}): Promise<JsmScenario> {
    const port = await freePort();
    const apiKey = randomBytes(16).toString('hex');
    const dolibarrToken = randomBytes(16).toString('hex');
    const webhookSecret = randomBytes(24).toString('hex');
    const jsm = await startJsmDouble({
      timeZone: 'Europe/Paris',
      webhook: { url: `http://127.0.0.1:${port}/webhooks/helpdesk/jsm`, secret: webhookSecret },
    });
    const dolibarr = await startDolibarrDouble({ apiKey, webhookUrl: `http://127.0.0.1:${port}/webhooks/dolibarr/${dolibarrToken}` });
    const customer = await seedDolibarr(dolibarr);
    const redisPrefix = `tb-e2e-jsm-${randomBytes(4).toString('hex')}`;
    const config = {
      dolibarr: { url: dolibarr.url, timeoutMs: 2000, maxRetries: 1, retryBaseMs: 50, retryMaxMs: 200 },
      helpdesks: {
        webhook: { plugin: 'webhook', enabled: false },
        jsm: {
          plugin: 'jsm',
          settings: {
            siteUrl: jsm.url,
            email: DOUBLE_CREDENTIALS.email,
            serviceDeskId: '10',
            projectKey: 'SPT',
            customFields: CUSTOM_FIELDS,
            organizationField: 'customfield_10002',
            requestTypeGroups: GROUPS,
            timeoutMs: 3000,
            ...(opts.slaRefreshSeconds ? { slaRefreshSeconds: opts.slaRefreshSeconds } : {}),
          },
        },
      },
      mapping: {
        types: { 'Assistance/Support': 'HELP', 'Administration/Patch': 'REQUEST', 'Administration/Licence': 'COM' },
        categories: { Assistance: 'OTHER', Administration: 'OTHER' },
        severities: { Bloquante: 'BLOCKING', Haute: 'HIGH', Moyenne: 'NORMAL', Basse: 'LOW' },
      },
      rules: { customer: { defaultCountry: 'FR' } },
      sync: { helpdeskPollSeconds: 1, erpPollSeconds: 0, coalesceMs: 100, backoffMs: 200, jobLockMs: 3000, workerConcurrency: 4 },
    };
    const env = {
      DOLIBARR_API_KEY: apiKey,
      DOLIBARR_WEBHOOK_TOKEN: dolibarrToken,
      ADMIN_TOKEN: randomBytes(16).toString('hex'),
      TB_HELPDESK_JSM_API_TOKEN: DOUBLE_CREDENTIALS.apiToken,
      TB_HELPDESK_JSM_WEBHOOK_SECRET: webhookSecret,
      REDIS_URL,
      TB__redis__prefix: redisPrefix,
    };
    const scenario = new JsmScenario(jsm, dolibarr, customer, redisPrefix);
    scenario.service = await startServiceProcess({ config, env, port });
    return scenario;
  }

  erpTickets(issueId: string): Ticket[] {
    const trackId = trackIdFor({ helpdeskId: 'jsm', ticketId: issueId });
    return this.dolibarr.state().tickets.filter((t) => t.track_id === trackId);
  }

  erpTicket(issueId: string): Ticket | undefined {
    const found = this.erpTickets(issueId);
    if (found.length > 1) throw new Error(`request ${issueId} has ${found.length} ERP tickets`);
    return found[0];
  }

  messages(erpId: number): Array<{ text: string; private: boolean }> {
    return this.dolibarr
      .state()
      .events.filter((e) => e.elementtype === 'ticket' && e.elementid === erpId && (e.code === 'TICKET_MSG' || e.code === 'TICKET_MSG_PRIVATE'))
      .map((e) => ({ text: e.note_private ?? '', private: e.code === 'TICKET_MSG_PRIVATE' }));
  }

  messagesContaining(erpId: number, text: string): Array<{ text: string; private: boolean }> {
    return this.messages(erpId).filter((m) => m.text.includes(text));
  }

  lineSeconds(erpId: number): number[] {
    const state = this.dolibarr.state();
    const ids = new Set(
      state.links.filter((l) => l.sourcetype === 'ticket' && l.fk_source === erpId && l.targettype === 'fichinter').map((l) => l.fk_target),
    );
    return state.interventions.filter((f) => ids.has(f.id)).flatMap((f) => f.lines.map((l) => l.duration));
  }

  /** The SLA extrafields of an ERP ticket. */
  erpSla(erpId: number): { status: unknown; due: unknown } {
    const t = this.dolibarr.state().tickets.find((x) => x.id === erpId);
    return { status: t?.array_options.options_tb_hd_sla_status ?? null, due: t?.array_options.options_tb_hd_sla_due ?? null };
  }

  async erpUser(action: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.dolibarr.controlUrl}/act/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`ERP user action ${action} failed: ${res.status} ${await res.text()}`);
  }

  async close(): Promise<void> {
    await this.service?.kill();
    await this.jsm.close();
    await this.dolibarr.close();
    await deleteKeysUnder(`${this.redisPrefix}:`);
  }
}

/** Logeas, whose people write from @logeas.example, with a support contract of 20 hours. */
async function seedDolibarr(double: DolibarrDouble): Promise<Customer> {
  const now = Math.floor(Date.now() / 1000);
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
    thirdparties: [{ name: 'Logeas', email: 'contact@logeas.example', phone: '+33 1 23 45 67 89' }],
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
        date_contrat: now - 30 * DAY,
        lines: [
          {
            fk_product: base.products![0]!,
            desc: 'Support 20 h',
            qty: 20,
            subprice: 80,
            statut: 4,
            date_start: now - 30 * DAY,
            date_start_real: now - 30 * DAY,
            date_end: now + 335 * DAY,
          },
        ],
      },
    ],
  });
  const contractId = contracts.contracts![0]!;
  return { socid, contractId, contractRef: double.state().contracts.find((c) => c.id === contractId)!.ref };
}
