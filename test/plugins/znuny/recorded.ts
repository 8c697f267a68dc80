import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { InboundRequest } from '../../../src/plugin-sdk';

/** Exchanges recorded against a real Znuny 7.0.19 (test/fixtures/znuny). */
export function loadRecording<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'znuny', `${name}.json`), 'utf8')) as T;
}

interface Outbound {
  request: { headers: Record<string, string>; body: { Event: Record<string, unknown>; Ticket: Record<string, unknown> } };
}

/** A recorded invoker delivery re-addressed to `ticketId`, with the shared secret header set or left out. */
export function invokerDelivery(name: string, ticketId: string, auth?: { header: string; secret: string }): InboundRequest {
  const recorded = loadRecording<Outbound>(name).request;
  const { Event, Ticket } = recorded.body;
  // The recordings carry TicketID as a number for TicketCreate and a string otherwise; keep each event's type.
  const id = typeof Event.TicketID === 'number' ? Number(ticketId) : ticketId;
  const body = { Event: { ...Event, TicketID: id }, Ticket: { ...Ticket, TicketID: Number(ticketId) } };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(recorded.headers)) if (!/^(authorization|x-webhook-token)$/i.test(k)) headers[k] = v;
  if (auth) headers[auth.header] = auth.secret;
  return { headers, rawBody: Buffer.from(JSON.stringify(body)), query: {} };
}
