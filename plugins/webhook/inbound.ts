import { InputError, parseInput, InboundAuthError, type InboundCapability, type InboundEvent, type InboundRequest } from '../../src/plugin-sdk';
import { inboundBatchSchema, inboundEventSchema, type WebhookEvent } from './inbound-schema';
import { verifySignature } from './signature';

export interface InboundOptions {
  helpdeskId: string;
  secret: string;
  toleranceSeconds: number;
  now(): Date;
}

/** Wire event → engine event. `helpdeskId` is set here: a client cannot push tickets into another helpdesk. */
function toInboundEvent(event: WebhookEvent, helpdeskId: string): InboundEvent {
  const { eventId } = event;
  switch (event.type) {
    case 'ticket.upserted':
      return {
        eventId,
        type: 'ticket.upserted',
        snapshot: { ticket: { ...event.ticket, helpdeskId }, articles: event.articles, timeEntries: event.timeEntries },
      };
    case 'article.added':
      return { eventId, type: 'article.added', ticketId: event.ticketId, article: event.article };
    case 'time_entry.added':
    case 'time_entry.changed':
      return { eventId, type: 'time_entry.upserted', ticketId: event.ticketId, entry: event.timeEntry };
    case 'time_entry.removed':
      return { eventId, type: 'time_entry.removed', ticketId: event.ticketId, entryId: event.timeEntryId };
    case 'ticket.merged':
      return { eventId, type: 'ticket.merged', ticketId: event.ticketId, intoId: event.intoTicketId };
    case 'ticket.deleted':
      return { eventId, type: 'ticket.deleted', ticketId: event.ticketId };
    case 'escalate':
      return { eventId, type: 'ticket.dev_escalation_requested', ticketId: event.ticketId };
  }
}

function parseJson(rawBody: Buffer): unknown {
  if (rawBody.length === 0) throw new InputError('invalid webhook payload', ['(body): empty; expected a JSON event or { "events": [...] }']);
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    throw new InputError('invalid webhook payload', [`(body): not valid JSON (${(err as Error).message})`]);
  }
}

/** One event object, or `{ "events": [...] }`; every bad field of every event is listed at once. */
export function parseEvents(rawBody: Buffer): WebhookEvent[] {
  const json = parseJson(rawBody);
  if (Array.isArray(json)) {
    throw new InputError('invalid webhook payload', ['(root): send a batch as { "events": [...] }, not as a bare array']);
  }
  const isBatch = typeof json === 'object' && json !== null && 'events' in json;
  if (isBatch) {
    return parseInput(inboundBatchSchema, json, 'invalid webhook payload').events;
  }
  return [parseInput(inboundEventSchema, json, 'invalid webhook payload')];
}

/** Authenticates, then validates; pure, so a refused delivery leaves nothing behind. */
export function createInbound(opts: InboundOptions): InboundCapability {
  return {
    receive(req: InboundRequest) {
      const verdict = verifySignature({
        secret: opts.secret,
        rawBody: req.rawBody,
        headers: req.headers,
        nowSeconds: Math.floor(opts.now().getTime() / 1000),
        toleranceSeconds: opts.toleranceSeconds,
      });
      if (!verdict.ok) throw new InboundAuthError(verdict.reason);
      return { events: parseEvents(req.rawBody).map((e) => toInboundEvent(e, opts.helpdeskId)) };
    },
  };
}
