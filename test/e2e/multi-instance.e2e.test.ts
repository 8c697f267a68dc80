import { signPayload } from '../../plugins/webhook';
import { trackIdFor } from '../../src/sync/shared/ticket-identity';
import { startDolibarrDouble, type DolibarrDouble } from '../doubles/dolibarr';
import type { DoubleState } from '../doubles/dolibarr/state';
import { deleteKeysUnder } from '../support/redis-keys';
import { startHelpdeskReceiver } from './support/helpdesk-receiver';
import { eventually, startServiceProcess, type ServiceProcess } from './support/service-process';
import { API_KEY, HOOK_SECRET, ADMIN_TOKEN, SEED, eventId, ticketEvent } from './support/webhook-scenario';

/**
 * Three `ticketbridge start` processes on one Redis share the work: a burst of webhook events spread across them
 * gives each ERP ticket and each message once, every instance runs jobs, one instance killed mid-burst leaves its
 * work to the others, and the repeatable ERP poll runs once per interval in total.
 */
jest.setTimeout(240_000);

const TICKETS = 100;
const ARTICLES_PER_TICKET = 9; // 100 × (1 ticket + 9 articles) = the 1,000 events
const BATCH = 50;
const ERP_POLL_SECONDS = 1;

let double: DolibarrDouble;
let receiver: Awaited<ReturnType<typeof startHelpdeskReceiver>>;
const instances: ServiceProcess[] = [];
const prefix = `tb-e2e-multi-${process.pid}-${Date.now()}`;

const state = async () => {
  const res = await fetch(`${double.controlUrl}/state`);
  return (await res.json()) as DoubleState;
};

const ticketId = (i: number) => `multi-${i}`;

function article(ticket: string, n: number) {
  const now = new Date().toISOString();
  return {
    type: 'article.added',
    eventId: eventId(`${ticket}-a${n}`),
    occurredAt: now,
    ticketId: ticket,
    article: { id: `${ticket}-a${n}`, author: 'Marie Durand', body: `Message ${n} of ${ticket}`, internal: false, createdAt: now, attachments: [] },
  };
}

/** Every event of the burst, in delivery batches; a ticket's events are split over two batches (two instances). */
function burst(): unknown[][] {
  const first: unknown[] = [];
  const second: unknown[] = [];
  for (let i = 0; i < TICKETS; i += 1) {
    const id = ticketId(i);
    first.push(ticketEvent(id, { number: id }), ...Array.from({ length: 4 }, (_, n) => article(id, n)));
    second.push(...Array.from({ length: ARTICLES_PER_TICKET - 4 }, (_, n) => article(id, n + 4)));
  }
  const batches: unknown[][] = [];
  for (const events of [first, second]) for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  return batches;
}

async function push(instance: ServiceProcess, events: unknown[]): Promise<number> {
  const raw = JSON.stringify({ events });
  const res = await fetch(`${instance.url}/webhooks/helpdesk/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signPayload(HOOK_SECRET, raw, Math.floor(Date.now() / 1000)) },
    body: raw,
  });
  return res.status;
}

/** "job started" is a debug line: the instances run at debug level. */
const started = (p: ServiceProcess) => p.logs().filter((l) => l.message === 'job started');

beforeAll(async () => {
  receiver = await startHelpdeskReceiver();
  double = await startDolibarrDouble({ apiKey: API_KEY });
  const seeded = await fetch(`${double.controlUrl}/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED),
  });
  expect(seeded.ok).toBe(true);
  // One configuration for every instance: same Redis, same prefix; only the HTTP port differs.
  const config = {
    dolibarr: { url: double.url, timeoutMs: 5000, maxRetries: 2, retryBaseMs: 50, retryMaxMs: 500 },
    redis: { prefix },
    helpdesks: { webhook: { plugin: 'webhook', settings: { outboundUrl: receiver.url } } },
    sync: { backoffMs: 200, coalesceMs: 100, erpPollSeconds: ERP_POLL_SECONDS, jobLockMs: 3000, workerConcurrency: 4 },
  };
  const env = {
    DOLIBARR_API_KEY: API_KEY,
    TB_HELPDESK_WEBHOOK_SECRET: HOOK_SECRET,
    ADMIN_TOKEN,
    REDIS_URL: 'redis://127.0.0.1:6379',
    LOG_LEVEL: 'debug',
  };
  // One after the other: three cold starts at once can take long on a loaded machine.
  for (let i = 0; i < 3; i += 1) instances.push(await startServiceProcess({ config, env, startTimeoutMs: 60_000 }));
});

afterAll(async () => {
  await Promise.all(instances.map((p) => p.stop()));
  await receiver?.close();
  await double?.close();
  await deleteKeysUnder(`${prefix}:`);
});

describe('several instances on one Redis', () => {
  it('a burst of 1,000 events spread over three instances, one killed mid-burst: each ticket and each message once', async () => {
    const batches = burst();
    expect(batches.flat()).toHaveLength(TICKETS * (1 + ARTICLES_PER_TICKET));
    const half = Math.floor(batches.length / 2);
    const statuses = await Promise.all(batches.slice(0, half).map((b, i) => push(instances[i % 3], b)));
    // The third instance dies with mirror work in hand (a job of another kind started first is not enough); the rest of
    // the burst goes to the two others.
    await eventually(async () => started(instances[2]).some((l) => l.job === 'mirror-ticket'), 'the third instance to run a mirror job');
    await instances[2].kill();
    statuses.push(...(await Promise.all(batches.slice(half).map((b, i) => push(instances[i % 2], b)))));
    expect(statuses.every((s) => s === 202)).toBe(true);

    const expectedTracks = new Set(Array.from({ length: TICKETS }, (_, i) => trackIdFor({ helpdeskId: 'webhook', ticketId: ticketId(i) })));
    const mirrored = await eventually(
      async () => {
        const s = await state();
        const tickets = s.tickets.filter((t) => expectedTracks.has(t.track_id));
        const ids = new Set(tickets.map((t) => t.id));
        const messages = s.events.filter((e) => e.elementtype === 'ticket' && ids.has(e.elementid ?? -1) && e.code.startsWith('TICKET_MSG'));
        return tickets.length >= TICKETS && messages.length >= TICKETS * ARTICLES_PER_TICKET ? { s, tickets, messages } : undefined;
      },
      'every ticket and message in Dolibarr',
      150_000,
    );

    // Each ticket once.
    const byTrack = new Map<string, number>();
    for (const t of mirrored.tickets) byTrack.set(t.track_id, (byTrack.get(t.track_id) ?? 0) + 1);
    expect([...byTrack.values()].filter((n) => n > 1)).toEqual([]);
    expect(byTrack.size).toBe(TICKETS);
    // Each message once (settled: nothing more arrives after a further look).
    await new Promise((r) => setTimeout(r, 1500));
    const after = await state();
    const ids = new Set(mirrored.tickets.map((t) => t.id));
    const texts = after.events
      .filter((e) => e.elementtype === 'ticket' && ids.has(e.elementid ?? -1) && e.code.startsWith('TICKET_MSG'))
      .map((e) => `${e.elementid}:${e.note_private}`);
    expect(texts).toHaveLength(TICKETS * ARTICLES_PER_TICKET);
    expect(new Set(texts).size).toBe(texts.length);
    // Every instance ran some of the jobs, the killed one included (before it died).
    for (const p of instances) expect(started(p).filter((l) => l.job === 'mirror-ticket').length).toBeGreaterThan(0);
  });

  it('runs the repeatable ERP poll once per interval in total, not once per instance', async () => {
    // The killed instance may have died inside a tick that a live one then ran again (the recovery the first test
    // relies on): the ticks are counted on the instances still running.
    const polls = () =>
      instances.slice(0, 2).flatMap((p) =>
        started(p)
          .filter((l) => l.job === 'poll-erp' && l.attempt === 1)
          .map((l) => String(l.jobId)),
      );
    await eventually(async () => polls().length >= 4, 'a few ERP polls');
    const ids = polls();
    // One job per scheduler tick, whichever instance took it: no tick ran twice.
    expect(new Set(ids).size).toBe(ids.length);
    // Scheduler jobs are named after their tick ("repeat:<scheduler>:<ms>"): ticks are an interval apart.
    const ticks = [...new Set(ids.map((id) => Number(id.split(':').pop())))].sort((a, b) => a - b);
    expect(ticks.every((t) => Number.isFinite(t))).toBe(true);
    for (let i = 1; i < ticks.length; i += 1) expect(ticks[i] - ticks[i - 1]).toBeGreaterThanOrEqual(ERP_POLL_SECONDS * 1000);
  });
});
