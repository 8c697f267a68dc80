import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import axios from 'axios';
import { verifySignature } from '../plugins/webhook';
import { startHelpdeskReceiver } from '../test/e2e/support/helpdesk-receiver';
import { naiveTicketsPerSecond, type BaselineRun } from './baseline';
import type { ErpTarget } from './erp-target';
import type { BenchOptions } from './options';
import { erpCpuSpan } from './proc-memory';
import { bridgeRate, type ErpCpu, type RunFacts } from './report';
import { planTickets, pushTickets } from './sender';
import { msPerTicket, perSecond } from './stats';

/**
 * The floor: the cheapest relay a webhook-driven bridge can be. It takes the same signed webhooks from the same
 * simulated helpdesk, answers 202, makes the bridge's Dolibarr calls (the customer looked up once, a ticket create,
 * one agenda event per message, `erp-concurrency` at a time) and tells the helpdesk the two facts the bridge reports
 * for a new ticket. It keeps none of the bridge's guarantees: nothing is stored before the 202, nothing survives a
 * restart or an ERP outage, nothing is retried, deduplicated, ordered across restarts or checked for echoes. What the
 * bridge spends beyond it is the price of those guarantees; what it spends beyond the naive script is the price of
 * taking webhooks and answering the helpdesk at all.
 */
export interface FloorRun {
  tickets: number;
  completed: number;
  ms: number;
  /** The relay, the simulated helpdesk and its receiver: they share the bench process. */
  processCpuSeconds: number;
  erp?: ErpCpu;
  failed: string[];
}

interface Event {
  type: string;
  ticketId?: string;
  ticket?: { id: string; title: string; body: string };
  article?: Article;
  /** A ticket sent with its messages (`--ticket-with-messages`). */
  articles?: Article[];
}

interface Article {
  author: string;
  body: string;
  internal: boolean;
}

const SECRET = 'floor-relay-secret';

function limiter(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await fn();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function runFloorRelay(opts: BenchOptions, target: ErpTarget, runId: string): Promise<FloorRun> {
  const erpConcurrency = opts.erpConcurrency ?? 4;
  console.log(
    `floor: a relay without the bridge's guarantees (bench/floor-relay.ts), ${opts.tickets} tickets, Dolibarr ${erpConcurrency} at a time...`,
  );
  const receiver = await startHelpdeskReceiver();
  const dolibarr = axios.create({
    baseURL: target.url,
    headers: { DOLAPIKEY: target.apiKey, Accept: 'application/json', 'Accept-Encoding': 'identity' },
    timeout: 30_000,
    maxRedirects: 0,
  });
  const helpdesk = axios.create({ timeout: 30_000, maxRedirects: 0 });
  const limit = limiter(erpConcurrency);
  let socid: Promise<number> | undefined;
  const customer = () =>
    (socid ??= limit(() =>
      dolibarr.get<Array<{ socid: string | number }>>('/contacts', {
        params: { sqlfilters: "(t.email:=:'marie.durand@acme.example')", limit: 1 },
      }),
    ).then((res) => Number(res.data[0]?.socid)));
  /** Each ticket's calls in the order its events came: a message waits for its ticket. */
  const chains = new Map<string, Promise<number | undefined>>();
  const messagesDone = new Map<string, number>();
  const failed: string[] = [];
  let completed = 0;
  let settled = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  /** A ticket is settled once: all its messages written, or its first failure. */
  const settle = (ticketId: string, err?: unknown) => {
    if (err) failed.push(`${ticketId}: ${(err as Error).message}`);
    else completed += 1;
    settled += 1;
    if (settled === opts.tickets) allDone();
  };
  const createTicket = async (ticketId: string, t: NonNullable<Event['ticket']>): Promise<number> => {
    const fk_soc = await customer();
    const created = await limit(() =>
      dolibarr.post<number>('/tickets', {
        ref: `FLOOR-${runId}-${t.id}`,
        track_id: `floor_${runId}_${t.id}`.replace(/[^a-z0-9_]/gi, '_'),
        subject: t.title,
        message: t.body || t.title,
        fk_soc,
      }),
    );
    const erpId = Number(created.data);
    const facts = ['erp.ticket_linked', 'contract.resolved'].map((type) => ({ eventId: `${type}:${ticketId}`, type, ticketId, data: { erpId } }));
    if (opts.outboundBatch) await helpdesk.post(receiver.url, { events: facts });
    else for (const fact of facts) await helpdesk.post(receiver.url, fact);
    if (opts.messages === 0) settle(ticketId);
    return erpId;
  };
  const postMessage = async (ticketId: string, erpId: number, a: Article): Promise<number> => {
    const fk_soc = await customer();
    await limit(() =>
      dolibarr.post('/agendaevents', {
        type_code: 'AC_OTH_AUTO',
        code: a.internal ? 'TICKET_MSG_PRIVATE' : 'TICKET_MSG',
        label: `${a.author} – message`,
        note_private: a.body,
        elementtype: 'ticket',
        fk_element: erpId,
        socid: fk_soc,
        datep: Math.floor(Date.now() / 1000),
        userownerid: 1,
        percentage: -1,
      }),
    );
    messagesDone.set(ticketId, (messagesDone.get(ticketId) ?? 0) + 1);
    if (messagesDone.get(ticketId) === opts.messages) settle(ticketId);
    return erpId;
  };
  const relay = (event: Event) => {
    const ticketId = event.ticket?.id ?? event.ticketId;
    if (!ticketId) return;
    const previous = chains.get(ticketId) ?? Promise.resolve(undefined);
    const next = previous.then(async (erpId) => {
      if (event.type === 'ticket.upserted' && event.ticket) {
        const id = erpId ?? (await createTicket(ticketId, event.ticket));
        for (const article of event.articles ?? []) await postMessage(ticketId, id, article);
        return id;
      }
      if (event.type === 'article.added' && event.article && erpId !== undefined) return postMessage(ticketId, erpId, event.article);
      return erpId;
    });
    chains.set(
      ticketId,
      next.catch((err: unknown) => {
        settle(ticketId, err);
        return undefined;
      }),
    );
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((raw) => {
      const verdict = verifySignature({
        secret: SECRET,
        rawBody: raw,
        headers: req.headers,
        nowSeconds: Math.floor(Date.now() / 1000),
        toleranceSeconds: 300,
      });
      if (!verdict.ok) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: verdict.reason }));
        return;
      }
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
      relay(JSON.parse(raw.toString('utf8')) as Event);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const erpCpu = erpCpuSpan(opts.erpProcesses);
  const cpuAtStart = process.cpuUsage();
  const started = performance.now();
  try {
    const sent = await pushTickets({
      webhookUrl: `http://127.0.0.1:${port}/events`,
      secret: SECRET,
      tickets: planTickets(`F${runId}`, opts.tickets, 'floor'),
      messages: opts.messages,
      concurrency: opts.concurrency,
      progress: { accepted: 0 },
      ticketWithMessages: opts.ticketWithMessages,
    });
    for (const refused of sent.refused) failed.push(`refused: ${refused}`);
    // A ticket with a refused event never completes: waiting for it would never end.
    if (sent.refused.length) allDone();
    await finished;
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    const erp = erpCpu();
    const run: FloorRun = { tickets: opts.tickets, completed, ms, processCpuSeconds: (cpu.user + cpu.system) / 1e6, failed, ...(erp ? { erp } : {}) };
    console.log(
      `floor done: ${run.completed}/${opts.tickets} tickets in ${(ms / 1000).toFixed(1)} s${failed.length ? `; FAILED ${failed.length} (first: ${failed[0]})` : ''}`,
    );
    return run;
  } finally {
    server.close();
    await receiver.close();
  }
}

const ms = (seconds: number, tickets: number) => `${Math.round(msPerTicket(seconds, tickets))} ms`;

export const floorTicketsPerSecond = (floor: Pick<FloorRun, 'completed' | 'ms'>) => (floor.completed * 1000) / floor.ms;

/** The floor's figures beside the bridge's (and the naive script's, with `--baseline`). */
export function formatFloor(floor: FloorRun, bridge: RunFacts, naive?: BaselineRun): string {
  const floorRate = floorTicketsPerSecond(floor);
  const out = [
    '== floor: a relay without the bridge guarantees, same ERP, same run ==',
    `floor relay: ${floor.completed}/${floor.tickets} tickets in ${(floor.ms / 1000).toFixed(1)} s = ${perSecond(floor.completed, floor.ms)} tickets/s; failed ${floor.failed.length}`,
    `  CPU per ticket: the relay with the simulated helpdesk ${ms(floor.processCpuSeconds, floor.tickets)}` +
      (floor.erp ? `, Dolibarr ${ms(floor.erp.seconds, floor.tickets)}` : ''),
  ];
  if (naive) out.push(`ratio floor / naive (tickets/s): ${(floorRate / naiveTicketsPerSecond(naive)).toFixed(2)}`);
  const rate = bridgeRate(bridge);
  if (rate !== undefined) {
    out.push(`ratio bridge / floor (tickets/s): ${(rate / floorRate).toFixed(2)}`);
  }
  if (bridge.serviceCpuSeconds !== undefined && bridge.benchCpuSeconds !== undefined) {
    const bridgeSide = bridge.serviceCpuSeconds + bridge.benchCpuSeconds + (bridge.redisCpuSeconds ?? 0);
    const extra = msPerTicket(bridgeSide, bridge.tickets) - msPerTicket(floor.processCpuSeconds, floor.tickets);
    out.push(
      `  the bridge's side (service, simulated helpdesk, Redis) spent ${Math.round(extra)} ms per ticket more than the relay: what its guarantees cost`,
    );
  }
  return out.join('\n');
}
