import Redis from 'ioredis';
import { trackIdFor } from '../../src/sync/shared/ticket-identity';
import { eventually } from './support/service-process';
import { eventId, startWebhookScenario, ticketEvent, type Scenario } from './support/webhook-scenario';
import type { DoubleState } from '../doubles/dolibarr/state';

jest.setTimeout(180_000);

/**
 * Dolibarr calls the running service makes, counted by the double's call log: the budget of issue 17 for a new
 * ticket of a known customer with a contract (caches warm), a later message, and an event that changes nothing; and
 * the Redis state such a ticket leaves.
 */
let s: Scenario;
const state = async () => (await s.control('/state')) as DoubleState & { callCounts: Record<string, number> };

async function callsSince(before: Record<string, number>): Promise<Record<string, number>> {
  const made: Record<string, number> = {};
  for (const [k, n] of Object.entries((await state()).callCounts)) if (n > (before[k] ?? 0)) made[k] = n - (before[k] ?? 0);
  return made;
}
const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

/** No job waiting, delayed or running: the service has finished what the events caused. */
async function settled(): Promise<void> {
  await eventually(
    async () => {
      const res = await s.admin('GET', '/api/queues');
      const counts = (await res.json()) as Record<string, Record<string, number>>;
      return Object.values(counts).every((c) => !(c.waiting || c.active || c.delayed || c.prioritized)) || undefined;
    },
    'the service idle',
    30_000,
  );
}

async function messagesOf(helpdeskId: string): Promise<number> {
  const st = await state();
  const ticket = st.tickets.find((t) => t.track_id === trackIdFor({ helpdeskId: 'webhook', ticketId: helpdeskId }));
  return ticket ? st.events.filter((e) => e.elementtype === 'ticket' && e.elementid === ticket.id && e.code.startsWith('TICKET_MSG')).length : -1;
}

const article = (ticketId: string, n: number) => ({
  type: 'article.added',
  eventId: eventId(`art-${ticketId}-${n}`),
  occurredAt: new Date().toISOString(),
  ticketId,
  article: {
    id: `${ticketId}-a${n}`,
    author: 'Marie Durand',
    body: `Message ${n} of ${ticketId}`,
    internal: n === 3,
    createdAt: new Date().toISOString(),
    attachments: [],
  },
});

beforeAll(async () => {
  s = await startWebhookScenario('calls');
  // Warm the caches: a first ticket of the same customer (contact, contract, products, users).
  await s.push(ticketEvent('2001'));
  await eventually(async () => (await messagesOf('2001')) === 0 || undefined, 'the first ERP ticket');
  await settled();
});
afterAll(async () => {
  await s?.close();
});

describe('Dolibarr calls per ticket, through the running service', () => {
  it('a new ticket with 3 messages of a known customer with a contract costs at most 5 calls', async () => {
    const before = (await state()).callCounts;
    await s.push(ticketEvent('2002'));
    for (let n = 1; n <= 3; n++) await s.push(article('2002', n));
    await eventually(async () => (await messagesOf('2002')) === 3 || undefined, 'the ERP ticket with its 3 messages');
    await settled();
    const calls = await callsSince(before);
    expect(calls['POST /tickets 200']).toBe(1);
    expect(calls['POST /agendaevents 200']).toBe(3);
    expect(total(calls)).toBeLessThanOrEqual(5);
  });

  it("keeps that ticket's own state in Redis in two compact hashes, under 1 KB", async () => {
    const redis = new Redis('redis://127.0.0.1:6379');
    try {
      const [links, marks] = [`${s.prefix}:link:t:webhook:2002`, `${s.prefix}:marks:webhook:2002`];
      // The pushed snapshot, the ERP ticket memory and the admin activity (written within a second) are all in.
      await eventually(
        async () => ((await redis.hexists(links, 'p0')) && (await redis.hexists(marks, '!0')) && (await redis.hexists(marks, '~0'))) || undefined,
        "the ticket's state written",
      );
      const keys = (await redis.keys(`${s.prefix}:*`)).filter((k) => k.includes('2002')).sort();
      expect(keys).toEqual([links, marks]);
      for (const key of keys) expect(await redis.call('OBJECT', 'ENCODING', key)).toBe('listpack');
      const bytes = await Promise.all(keys.map(async (k) => Number(await redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0'))));
      // Key names here carry a 32-character test prefix where a deployment's carry `tb`.
      expect(bytes.reduce((a, b) => a + b, 0)).toBeLessThan(1000);
    } finally {
      redis.disconnect();
    }
  });

  it('a later message costs one call, and an event that changes nothing costs none', async () => {
    let before = (await state()).callCounts;
    await s.push(article('2002', 4));
    await eventually(async () => (await messagesOf('2002')) === 4 || undefined, 'the 4th message');
    await settled();
    expect(await callsSince(before)).toEqual({ 'POST /agendaevents 200': 1 });

    before = (await state()).callCounts;
    await s.push(ticketEvent('2002', {}, { eventId: eventId('same-again') }));
    await s.push(article('2002', 4));
    await settled();
    expect(await callsSince(before)).toEqual({});
    expect(await messagesOf('2002')).toBe(4);
  });
});
