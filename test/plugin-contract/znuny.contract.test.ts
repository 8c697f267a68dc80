import type { ErrorKind, StateCategory } from '../../src/plugin-sdk';
import { znunyPlugin } from '../../plugins/znuny';
import { startZnunyDouble, type Fault } from '../doubles/znuny';
import { invokerDelivery } from '../plugins/znuny/recorded';
import { DEFAULT_CATEGORY_STATES } from '../../plugins/znuny/settings';
import { runPluginContract, type PluginHarness, type SeedArticle } from './suite';

const SECRET = 'contract-webhook-secret-0123456789';
const HEADER = 'x-ticketbridge-token';
const FIELD_NAMES = { erpRef: 'DolibarrRef', contract: 'DolibarrContract', duration: 'DolibarrDuration', quote: 'DolibarrQuote' } as const;

/** How Znuny reports each kind (errors inside 200 bodies, a 500 text body, a dropped connection). */
const FAULTS: Partial<Record<ErrorKind, Fault[]>> = {
  // Twice: the plugin re-creates its session once on AuthFail before giving up.
  auth: [
    { kind: 'opError', code: 'TicketGet.AuthFail' },
    { kind: 'opError', code: 'TicketGet.AuthFail' },
  ],
  not_found: [{ kind: 'opError', code: 'TicketGet.AccessDenied', message: 'TicketGet: User does not have access to the ticket!' }],
  invalid: [{ kind: 'opError', code: 'TicketGet.MissingParameter' }],
  forbidden: [{ kind: 'opError', code: 'TicketGet.NoPermission' }],
  server: [{ kind: 'http', status: 500, text: 'Internal Server Error' }],
  connection: [{ kind: 'drop' }],
};

const state = (c: StateCategory | undefined) => (c ? (DEFAULT_CATEGORY_STATES[c] ?? c) : 'new');

const baseSettings = { userLogin: 'tb-agent', agentFromAddress: 'bridge@helpdesk.example', timeZone: 'Europe/Berlin', pollLimit: 2 };
const secrets = { password: 'tb-password', webhook_secret: SECRET };

const harness: PluginHarness = {
  plugin: znunyPlugin as PluginHarness['plugin'],
  probe: { settings: { ...baseSettings, baseUrl: 'http://127.0.0.1:9/znuny/nph-genericinterface.pl/Webservice/TicketBridge' }, secrets },
  capabilities: {
    merges: true,
    // Znuny answers AccessDenied for a deleted ticket and a forbidden one alike (03_ticketget_not_found).
    deletions: false,
    timeEntries: true,
    changesPageSize: 2,
    errorKinds: Object.keys(FAULTS) as ErrorKind[],
    deliverFields: ['erpRef', 'contract', 'duration', 'quote'],
    lostAnswers: true,
    // PendingTime has no seconds (Year..Minute).
    reminderResolutionMs: 60_000,
  },
  inbound: {
    authentic: (id) => invokerDelivery('outbound_033_ArticleCreate_T2_A17_ok', id, { header: HEADER, secret: SECRET }),
    unauthenticated: (id) => [
      invokerDelivery('outbound_001_TicketCreate_T2_ok', id),
      invokerDelivery('outbound_001_TicketCreate_T2_ok', id, { header: HEADER, secret: `${SECRET}x` }),
      invokerDelivery('outbound_001_TicketCreate_T2_ok', id, { header: 'x-webhook-token', secret: SECRET }),
    ],
    malformed: () => [
      { headers: { [HEADER]: SECRET }, rawBody: Buffer.from('{"Event":'), query: {} },
      { headers: { [HEADER]: SECRET }, rawBody: Buffer.from('{"Event":{"Event":"TicketCreate"}}'), query: {} },
      { headers: { [HEADER]: SECRET }, rawBody: Buffer.from('{"Event":{"Event":"TicketCreate","TicketID":"12; DROP"}}'), query: {} },
    ],
  },
  async start() {
    const double = await startZnunyDouble({ timeZone: 'Europe/Berlin' });
    const c = double.control;
    const article = (email: string, a: SeedArticle) => ({
      body: a.body,
      channel: a.internal ? ('Internal' as const) : ('Email' as const),
      senderType: a.internal ? ('agent' as const) : ('customer' as const),
      visibleForCustomer: !a.internal,
      from: a.internal ? 'alice@helpdesk.example' : email,
      timeUnit: (a.timeSeconds ?? 0) / 60,
    });
    return {
      settings: { ...baseSettings, baseUrl: double.url },
      secrets,
      stop: () => double.close(),
      control: {
        createTicket: (seed) =>
          c.createTicket({
            title: seed.title,
            customerUser: seed.customerEmail,
            state: state(seed.stateCategory),
            articles: seed.articles.map((a) => article(seed.customerEmail, a)),
          }).ticketId,
        addArticle: (id, a) => c.addArticle(id, article('customer@acme.example', a)),
        changeTicket: (id, ch) => c.updateTicket(id, { title: ch.title, state: ch.stateCategory ? state(ch.stateCategory) : undefined }),
        setClock: (at) => c.setClock(at),
        merge: (source, target) => c.merge(source, target),
        fieldValue: (id, field) => {
          const value = c.dynamicField(id, FIELD_NAMES[field]);
          return Array.isArray(value) ? value.join(',') : (value ?? undefined);
        },
        failNext: (kind) => {
          for (const fault of FAULTS[kind] ?? []) c.failNext(fault);
        },
        customerReplies: (id) => c.customerReplies(id).map((r) => r.Body),
        reminder: (id) => c.pending(id).until,
        loseNextWriteAnswer: () => c.loseNextWriteAnswer(),
        requestCount: () => c.requests.length,
      },
    };
  },
};

runPluginContract(harness);
