import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  InputError,
  parseInput,
  InboundAuthError,
  type InboundCapability,
  type InboundEvent,
  type InboundRequest,
  type InboundResult,
} from '../../src/plugin-sdk';
import type { ZnunySettings } from './settings';

const ticketId = z.union([z.string().regex(/^[1-9][0-9]*$/), z.number().int().positive()]).transform(String);

/** What we read of an invoker delivery: `{Event:{Event, TicketID, MainTicketID?, ArticleID?}, Ticket:{...}}`. */
const deliverySchema = z.object({
  Event: z.object({
    Event: z.string().min(1).max(200),
    TicketID: ticketId,
    MainTicketID: ticketId.optional(),
  }),
});

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * Invoker deliveries are unsigned, so a shared secret travels in a static header configured in the
 * web service. Payloads are built when the invoker runs (not when the event happened) and async
 * ones are lost on failure, so a delivery only says "ticket X changed": the fetch and the poll are
 * the truth. A merge also changes its target (articles move there).
 */
export function znunyInbound(settings: ZnunySettings, secret: string): InboundCapability {
  return {
    receive(req: InboundRequest): InboundResult {
      const header = req.headers[settings.webhookHeader];
      const given = Array.isArray(header) ? header[0] : header;
      if (!given) throw new InboundAuthError(`missing ${settings.webhookHeader} header`);
      if (!sameSecret(given, secret)) throw new InboundAuthError(`wrong ${settings.webhookHeader} header`);
      let json: unknown;
      try {
        json = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        throw new InputError('Znuny delivery is not JSON');
      }
      const { TicketID, MainTicketID } = parseInput(deliverySchema, json, 'Znuny delivery').Event;
      const events: InboundEvent[] = [{ type: 'ticket.changed', ticketId: TicketID }];
      if (MainTicketID && MainTicketID !== TicketID) events.push({ type: 'ticket.changed', ticketId: MainTicketID });
      // Any other answer than {} could write into the ticket (OTRS_* keys), and a synchronous invoker waits for it.
      return { events, response: { status: 200, body: {} } };
    },
  };
}
