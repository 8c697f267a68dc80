import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { signPayload } from '../plugins/webhook';
import { eventId, ticketEvent } from '../test/e2e/support/webhook-scenario';
import { trackIdFor } from '../src/sync/shared/ticket-identity';

/** One helpdesk ticket's journey; times are performance.now() milliseconds. */
export interface TicketRun {
  ticketId: string;
  trackId: string;
  ticketAcceptedAt?: number;
  lastMessageAcceptedAt?: number;
  ticketSeenAt?: number;
  messagesSeenAt?: number;
  erpId?: number;
}

export interface SendResult {
  accepted: number;
  refused: string[];
  startedAt: number;
  endedAt: number;
}

export function planTickets(runId: string, count: number, source: string): TicketRun[] {
  return Array.from({ length: count }, (_, i) => {
    const ticketId = `${runId}-${i + 1}`;
    return { ticketId, trackId: trackIdFor({ helpdeskId: source, ticketId }) };
  });
}

/**
 * One POST over a kept-alive connection. node:http rather than fetch: undici's fetch cost the simulated helpdesk about
 * twice the CPU per request, taken from the CPUs the service and Dolibarr share with it.
 */
function postJson(agent: Agent, url: URL, headers: Record<string, string>, raw: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(raw)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(raw);
  });
}

/**
 * Pushes each ticket as the helpdesk would: ticket.upserted, then its articles one by one,
 * each signed and sent after the previous one was accepted; `concurrency` tickets at a time.
 */
export async function pushTickets(opts: {
  webhookUrl: string;
  secret: string;
  tickets: TicketRun[];
  messages: number;
  concurrency: number;
  progress: { accepted: number };
  /** Spread mode: ticket i starts i x spreadMs / tickets after the first, whatever the concurrency. */
  spreadMs?: number;
  /** The ticket's messages inside its `ticket.upserted` snapshot: one request per ticket. */
  ticketWithMessages?: boolean;
}): Promise<SendResult> {
  const result: SendResult = { accepted: 0, refused: [], startedAt: performance.now(), endedAt: 0 };
  const url = new URL(opts.webhookUrl);
  const agent = new Agent({ keepAlive: true });
  const post = async (body: unknown): Promise<number | undefined> => {
    const raw = JSON.stringify(body);
    try {
      const headers = { 'content-type': 'application/json', ...signPayload(opts.secret, raw, Math.floor(Date.now() / 1000)) };
      const res = await postJson(agent, url, headers, raw);
      const at = performance.now();
      if (res.status === 202) {
        result.accepted += 1;
        opts.progress.accepted = result.accepted;
        return at;
      }
      result.refused.push(`${res.status} ${res.text.slice(0, 200)}`);
    } catch (err) {
      result.refused.push(`request failed: ${(err as Error).message}`);
    }
    return undefined;
  };
  const articleOf = (t: TicketRun, m: number) => ({
    id: `${t.ticketId}-a${m}`,
    author: 'Marie Durand',
    body: `Bench message ${m} of ${t.ticketId}`,
    internal: m % 3 === 0,
    createdAt: new Date().toISOString(),
    attachments: [],
  });
  const sendOne = async (t: TicketRun) => {
    if (opts.ticketWithMessages) {
      const articles = Array.from({ length: opts.messages }, (_, i) => articleOf(t, i + 1));
      t.ticketAcceptedAt = await post(ticketEvent(t.ticketId, { title: `Bench ticket ${t.ticketId}` }, { articles }));
      t.lastMessageAcceptedAt = t.ticketAcceptedAt;
      return;
    }
    t.ticketAcceptedAt = await post(ticketEvent(t.ticketId, { title: `Bench ticket ${t.ticketId}` }));
    if (t.ticketAcceptedAt === undefined) return;
    t.lastMessageAcceptedAt = t.ticketAcceptedAt;
    for (let m = 1; m <= opts.messages; m += 1) {
      const article = articleOf(t, m);
      const at = await post({
        type: 'article.added',
        eventId: eventId(`bench-art-${t.ticketId}-${m}`),
        occurredAt: article.createdAt,
        ticketId: t.ticketId,
        article,
      });
      if (at !== undefined) t.lastMessageAcceptedAt = at;
    }
  };
  const spreadMs = opts.spreadMs;
  if (spreadMs !== undefined) {
    const step = spreadMs / opts.tickets.length;
    const at = (i: number) => new Promise((r) => setTimeout(r, Math.max(0, result.startedAt + i * step - performance.now())));
    await Promise.all(opts.tickets.map(async (t, i) => at(i).then(() => sendOne(t))));
  } else {
    let next = 0;
    const lane = async () => {
      while (next < opts.tickets.length) await sendOne(opts.tickets[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.tickets.length) }, lane));
  }
  result.endedAt = performance.now();
  agent.destroy();
  return result;
}
