import { runPluginContract, type DoubleControl, type PluginHarness, type SeedTicket } from '../../plugin-contract/suite';
import type { InboundRequest } from '../../../src/plugin-sdk';
import { webhookPlugin, type WebhookSettings } from '../../../plugins/webhook';
import { signPayload } from '../../../plugins/webhook/signature';
import { lower } from './helpers';

/**
 * The shared plugin contract. A webhook helpdesk is a sender, not a server: the "double"
 * is an in-memory pusher that signs what a client would send. Only inbound applies here;
 * merges and deletions arrive as pushed events (covered by inbound-events.test.ts), and
 * deliver is covered against nock in outbound.test.ts, since nothing can be fetched back.
 */
const secret = 'contract-secret-0123456789abcdef';
const tickets = new Map<string, SeedTicket>();
let nextId = 1;

function signed(body: unknown, key = secret, at = Math.floor(Date.now() / 1000)): InboundRequest {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return { headers: lower(signPayload(key, raw, at)), rawBody: raw, query: {} };
}

function upsert(ticketId: string) {
  const seed = tickets.get(ticketId);
  const now = new Date().toISOString();
  return {
    eventId: `contract-${ticketId}-${now}`,
    occurredAt: now,
    type: 'ticket.upserted',
    ticket: {
      id: ticketId,
      number: ticketId,
      title: seed?.title ?? 'unknown',
      state: 'open',
      stateCategory: seed?.stateCategory ?? 'open',
      customer: { email: seed?.customerEmail },
      createdAt: now,
      updatedAt: now,
    },
    articles: (seed?.articles ?? []).map((a, i) => ({ id: `${ticketId}-a${i}`, body: a.body, internal: a.internal, createdAt: now })),
  };
}

const control: DoubleControl = {
  createTicket(seed) {
    const id = `W-${nextId++}`;
    tickets.set(id, seed);
    return id;
  },
  addArticle(ticketId, article) {
    tickets.get(ticketId)?.articles.push(article);
    return `${ticketId}-a${tickets.get(ticketId)?.articles.length ?? 0}`;
  },
  changeTicket: () => undefined,
  setClock: () => undefined,
  failNext: (kind) => {
    throw new Error(`the webhook plugin makes no calls that could fail with ${kind}`);
  },
  // The plugin never calls the helpdesk: nothing to count.
  requestCount: () => 0,
};

const settings = { outboundUrl: '' };
const harness: PluginHarness<WebhookSettings> = {
  plugin: webhookPlugin,
  probe: { settings, secrets: { secret } },
  start: async () => ({ settings, secrets: { secret }, control, stop: async () => undefined }),
  capabilities: { merges: false, deletions: false, timeEntries: true, errorKinds: [], deliverFields: [], lostAnswers: false },
  inbound: {
    authentic: (ticketId) => signed(upsert(ticketId)),
    unauthenticated: (ticketId) => [
      signed(upsert(ticketId), 'another-secret'),
      signed(upsert(ticketId), secret, Math.floor(Date.now() / 1000) - 3600),
      { ...signed(upsert(ticketId)), headers: {} },
    ],
    malformed: () => [signed('{"eventId":'), signed({ eventId: 'x', type: 'ticket.deleted' }), signed({ events: [] })],
  },
};

runPluginContract(harness as PluginHarness);
