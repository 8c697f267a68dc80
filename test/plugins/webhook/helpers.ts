import type { HelpdeskAdapter, InboundRequest } from '../../../src/plugin-sdk';
import { getLogger } from '../../../src/logging/logger';
import { webhookPlugin } from '../../../plugins/webhook';
import { signPayload } from '../../../plugins/webhook/signature';

export const SECRET = 'test-shared-secret-0123456789abcdef';
export const NOW = new Date('2024-05-01T10:00:00Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

/** An adapter built the way the registry builds it: settings through the plugin's own schema. */
export function makeAdapter(settings: Record<string, unknown> = {}, now: () => Date = () => NOW): HelpdeskAdapter {
  return webhookPlugin.create({
    helpdeskId: 'acme-desk',
    config: webhookPlugin.configSchema.parse(settings),
    secrets: { secret: SECRET },
    logger: getLogger('test.webhook'),
    now,
  });
}

/** A delivery signed as a well-behaved client would sign it. */
export function signedRequest(body: unknown, opts: { secret?: string; timestamp?: number } = {}): InboundRequest {
  const raw = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return { headers: lower(signPayload(opts.secret ?? SECRET, raw, opts.timestamp ?? NOW_SECONDS)), rawBody: raw, query: {} };
}

/** Node hands handlers lowercased header names. */
export function lower(headers: object): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

export const ticket = {
  id: 'T-1001',
  number: '1001',
  title: 'Printer on fire',
  body: 'It is on fire.',
  queue: 'Support',
  type: 'incident',
  priority: 'high',
  state: 'open',
  stateCategory: 'open',
  customer: { email: 'jane@example.com', name: 'Jane Doe', company: 'Example SA' },
  createdAt: '2024-05-01T08:00:00Z',
  updatedAt: '2024-05-01T09:30:00+02:00',
};

export const article = { id: 'A-1', author: 'jane@example.com', body: 'Still burning', internal: false, createdAt: '2024-05-01T08:05:00Z' };
export const timeEntry = { id: 'TE-1', seconds: 1800, start: '2024-05-01T08:10:00Z', author: 'tech1', note: 'Extinguished' };
export const envelope = (n: number) => ({ eventId: `evt-${n}`, occurredAt: '2024-05-01T09:59:00Z' });
