/**
 * Dolibarr as its users see it: objects created THROUGH THE BRIDGE (the service as its own process, fed by the
 * generic webhook helpdesk), then read on Dolibarr's own web pages with Debian's chromium. Runs only against a real
 * test Dolibarr 23 (never production) that has the smoke seed (ACME, contact marie.durand@acme.example, contract 1
 * with a running SUPPORT-CONTRACT line):
 *   DOLIBARR_URL=http://host/api/index.php DOLIBARR_API_KEY=<admin key> DOLIBARR_WEB_LOGIN=admin DOLIBARR_WEB_PASSWORD=...
 *   npx jest test/real-dolibarr/cards.real.test.ts --maxWorkers=1
 * Screenshots go to test-output/real-dolibarr/ (not in git).
 */
import { rulesConfigSchema } from '../../src/config/rules-schema';
import { DolibarrClient } from '../../src/erp/dolibarr';
import type { DolTicket } from '../../src/erp/dolibarr/types';
import { loadBillingData } from '../../src/sync/operations/billing-data';
import { createDraftInvoices } from '../../src/sync/operations/create-draft-invoices';
import { computeBillingReport } from '../../src/sync/rules/billing-report';
import { ensureErpExtrafields } from '../../src/sync/operations/setup-erp-extrafields';
import { createTemplateRenderer } from '../../src/sync/templates';
import { signPayload } from '../../plugins/webhook';
import { startHelpdeskReceiver } from '../e2e/support/helpdesk-receiver';
import { eventually, startServiceProcess, type ServiceProcess } from '../e2e/support/service-process';
import { deleteKeysUnder } from '../support/redis-keys';
import { loginToDolibarr, type DolibarrWeb } from './browser';

const env = {
  url: process.env.DOLIBARR_URL,
  apiKey: process.env.DOLIBARR_API_KEY,
  login: process.env.DOLIBARR_WEB_LOGIN,
  password: process.env.DOLIBARR_WEB_PASSWORD,
};
const configured = Object.values(env).every((v) => typeof v === 'string' && v !== '');
if (!configured) {
  console.log(
    'real Dolibarr card checks skipped: set DOLIBARR_URL, DOLIBARR_API_KEY, DOLIBARR_WEB_LOGIN and DOLIBARR_WEB_PASSWORD (a test instance)',
  );
}
const describeReal = configured ? describe : describe.skip;

const HOOK_SECRET = 'real-cards-helpdesk-secret-0123456789';
const ADMIN_TOKEN = 'real-cards-admin-token-0123456789';
const run = Date.now().toString(36).toUpperCase();
const HD = `C${run}`;
const ERP_REF = `HD-${HD}`;
const CONTRACT_ID = 1;

describeReal('Dolibarr cards as users read them (real Dolibarr, chromium)', () => {
  jest.setTimeout(240_000);
  const erp = new DolibarrClient({
    url: env.url ?? '',
    apiKey: env.apiKey ?? '',
    caller: 'ticketbridge-cards-test',
    timeoutMs: 20_000,
    maxRetries: 2,
    retryBaseMs: 200,
    retryMaxMs: 2000,
    concurrency: 2,
    ratePerSecond: 20,
  } as never);
  const webRoot = (env.url ?? '').replace(/\/api\/index\.php\/?$/, '');
  const prefix = `tb-real-cards-${process.pid}-${run}`;
  let service: ServiceProcess;
  let receiver: Awaited<ReturnType<typeof startHelpdeskReceiver>>;
  let web: DolibarrWeb;
  let ticket: DolTicket;
  let interventionId: number;
  let invoiceId: number | null = null;
  let proposalId: number | undefined;

  const push = (body: unknown) => {
    const raw = JSON.stringify(body);
    return fetch(`${service.url}/webhooks/helpdesk/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signPayload(HOOK_SECRET, raw, Math.floor(Date.now() / 1000)) },
      body: raw,
    });
  };
  const ticketEvent = (state: string, stateCategory: string) => ({
    type: 'ticket.upserted',
    eventId: `t-${run}-${state}`,
    occurredAt: new Date().toISOString(),
    ticket: {
      id: HD,
      number: HD,
      title: `Printer jammed (${run})`,
      body: 'The printer on the 2nd floor jams on every page.',
      queue: 'Support',
      type: 'incident',
      priority: 'high',
      state,
      stateCategory,
      customer: { email: 'marie.durand@acme.example', name: 'Marie Durand' },
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    },
  });

  beforeAll(async () => {
    await ensureErpExtrafields(erp, { sla: false, devEscalation: false });
    receiver = await startHelpdeskReceiver();
    service = await startServiceProcess({
      config: {
        dolibarr: { url: env.url, timeoutMs: 20_000 },
        redis: { prefix },
        helpdesks: {
          webhook: { plugin: 'webhook', settings: { outboundUrl: receiver.url }, ticketUrl: 'https://helpdesk.example.com/tickets/{number}' },
        },
        sync: { erpPollSeconds: 0, coalesceMs: 100 },
      },
      env: { DOLIBARR_API_KEY: env.apiKey ?? '', TB_HELPDESK_WEBHOOK_SECRET: HOOK_SECRET, ADMIN_TOKEN, REDIS_URL: 'redis://127.0.0.1:6379' },
    });
    const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
    expect((await push(ticketEvent('open', 'open'))).status).toBe(202);
    await push({
      type: 'article.added',
      eventId: `a1-${run}`,
      occurredAt: at(50),
      ticketId: HD,
      article: {
        id: `a1-${run}`,
        author: 'Marie Durand <marie.durand@acme.example>',
        body: 'It still jams after a restart.',
        internal: false,
        createdAt: at(50),
      },
    });
    await push({
      type: 'article.added',
      eventId: `a2-${run}`,
      occurredAt: at(40),
      ticketId: HD,
      article: {
        id: `a2-${run}`,
        author: 'Agent Smith <smith@support.example>',
        body: 'Roller worn out, ordering one.',
        internal: true,
        createdAt: at(40),
      },
    });
    await push({
      type: 'time_entry.added',
      eventId: `te1-${run}`,
      occurredAt: at(30),
      ticketId: HD,
      timeEntry: { id: `te1-${run}`, seconds: 2700, start: at(30), author: 'Agent Smith <smith@support.example>', note: 'Replaced the roller' },
    });
    ticket = await eventually(async () => (await erp.getTicketByRef(ERP_REF)) ?? undefined, 'the ERP ticket', 60_000);
    await eventually(async () => (await erp.listTicketMessages(ticket.id)).length >= 2, 'both messages', 60_000);
    await eventually(
      async () => (await erp.listInterventionsForTicket(ticket.id, 1)).some((i) => i.lines.length > 0),
      'the intervention line',
      60_000,
    );
    expect((await push(ticketEvent('closed', 'closed'))).status).toBe(202);
    ticket = await eventually(
      async () => {
        const t = await erp.getTicket(ticket.id);
        return t && t.status === 8 ? t : undefined;
      },
      'the ERP ticket closed',
      60_000,
    );
    const iv = await eventually(
      async () => (await erp.listInterventionsForTicket(ticket.id, 1)).find((i) => i.status === 3),
      'the intervention done',
      60_000,
    );
    interventionId = iv.id;

    const quote = await fetch(`${service.url}/api/tickets/webhook/${HD}/quote`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: `q-${run}`, hours: 2 }),
    });
    expect(quote.status).toBe(202);
    const created = await eventually(
      async () => receiver.events.find((e) => e.body.type === 'quote.created' && e.body.ticketId === HD),
      'quote.created',
      60_000,
    );
    proposalId = (created.body.data as { proposalId?: number } | undefined)?.proposalId;

    // The billing run's own code, limited to this run's intervention (the instance is shared with other tests). ACME's
    // contract covers these 45 minutes, so the run counts no service as a contract: the time is billable.
    const rules = rulesConfigSchema.parse({ contract: { serviceRefs: ['NO-CONTRACT-SERVICE'] } });
    const period = new Date().toISOString().slice(0, 7);
    const report = computeBillingReport(period, await loadBillingData(erp, rules), rules);
    report.customers = report.customers
      .map((c) => ({ ...c, items: c.items.filter((i) => i.interventionId === interventionId) }))
      .filter((c) => c.items.length);
    const billed = await createDraftInvoices(report, { erp, config: rules.billing, render: createTemplateRenderer(), now: () => new Date() });
    invoiceId = billed.invoices[0]?.invoiceId ?? null;

    web = await loginToDolibarr(webRoot, env.login ?? '', env.password ?? '');
  });

  afterAll(async () => {
    await web?.close();
    await service?.stop();
    await receiver?.close();
    await deleteKeysUnder(`${prefix}:`);
  });

  it('ticket card: closed looks closed, the helpdesk origin, the requester, the contract', async () => {
    const text = await web.open(`/ticket/card.php?id=${ticket.id}`, 'ticket');
    expect(text).not.toMatch(/Created from Public portal/i);
    expect(text).toMatch(/Closed/);
    expect(text).toMatch(/100\s*%/);
    expect(text).toMatch(new RegExp(`webhook #${HD}`));
    expect(text).toMatch(/Marie Durand \(marie\.durand@acme\.example\)/);
    expect(text).toMatch(/CT\d{4}-\d{4}/);
    const closedRow = await web.page
      .locator('tr', { hasText: 'Closing date' })
      .first()
      .innerText()
      .catch(() => '');
    expect(closedRow).toMatch(/\d/);
  });

  it("messages: titled with the author and whether internal, the customer's without the API user", async () => {
    const text = await web.open(`/ticket/card.php?id=${ticket.id}`, 'ticket-events');
    // The card's "last events": type, then title; the customer's message has no Dolibarr user as author.
    expect(text).toMatch(/Message\s+Agent Smith – internal note/);
    expect(text).toMatch(/\t\tMessage\s+Marie Durand – customer message/);
    await web.open(`/ticket/messaging.php?id=${ticket.id}`, 'ticket-messaging');
  });

  it('intervention card: ERP ticket ref, helpdesk number, author, time in words, done, billed by the invoice', async () => {
    const text = await web.open(`/fichinter/card.php?id=${interventionId}`, 'intervention');
    expect(text).toMatch(new RegExp(ERP_REF));
    expect(text).toMatch(new RegExp(`webhook #${HD}`));
    expect(text).toMatch(/Agent Smith: Replaced the roller – 45 minutes/);
    expect(text).toMatch(/Done/);
    if (invoiceId !== null) expect(text).toMatch(/Billed by invoice\s*\(?PROV|FA\d{4}/);
  });

  it('contract card: hours prepaid, used and left', async () => {
    const text = await web.open(`/contrat/card.php?id=${CONTRACT_ID}`, 'contract');
    expect(text).toMatch(/Support hours prepaid\s*10/);
    expect(text).toMatch(/Support hours used\s*[\d.,]+/);
    expect(text).toMatch(/Support hours left\s*-?[\d.,]+/);
  });

  it('invoice card: one line naming the intervention, the ticket and the day', async () => {
    expect(invoiceId).not.toBeNull();
    const text = await web.open(`/compta/facture/card.php?facid=${invoiceId}`, 'invoice');
    expect(text).toMatch(new RegExp(`FI\\d{4}-\\d{4} · ticket ${ERP_REF} · \\d{4}-\\d{2}-\\d{2}`));
  });

  it('proposal card: the ERP ticket ref as customer ref, and the line text', async () => {
    const text = await web.open(`/comm/propal/card.php?id=${proposalId}`, 'proposal');
    expect(text).toMatch(new RegExp(`Ref\\. customer\\s*:?\\s*${ERP_REF}`));
    expect(text).toMatch(new RegExp(`Ticket ${ERP_REF}: Printer jammed`));
  });
});
