import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  headers: Record<string, string | string[] | undefined>;
  /** The request's whole body, as signed (a batch's: all its events). */
  raw: string;
  body: Record<string, unknown> & { eventId: string; type: string; ticketId: string };
  /** Which request brought it (1 for the first): events of one batch share it. */
  request: number;
}

/**
 * The helpdesk side of the generic webhook plugin: records what the bridge POSTs, one event per request or a batch
 * (`{ "events": [...] }`, with `outboundBatch`), each event on its own; can fail on demand.
 */
export async function startHelpdeskReceiver(): Promise<{
  url: string;
  events: ReceivedEvent[];
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}> {
  const events: ReceivedEvent[] = [];
  let requests = 0;
  let failures = 0;
  let failStatus = 503;
  const app = express();
  app.post('/events', express.raw({ type: () => true }), (req, res) => {
    if (failures > 0) {
      failures -= 1;
      res.status(failStatus).json({ error: 'receiver failing on purpose' });
      return;
    }
    const raw = (req.body as Buffer).toString('utf8');
    const json = JSON.parse(raw) as { events?: Array<ReceivedEvent['body']> };
    const request = ++requests;
    for (const body of json.events ?? [json as ReceivedEvent['body']]) events.push({ headers: req.headers, raw, body, request });
    res.status(200).json({ ok: true });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/events`,
    events,
    failNext(n: number, status = 503) {
      failures = n;
      failStatus = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
