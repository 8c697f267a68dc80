import type { ChangePage, InboundEvent } from '../../src/plugin-sdk';
import { advance, decodeCursor, encodeCursor, type RtCursor } from './cursor';
import type { RtDeps } from './fetch-ticket';
import { rtPageSchema, rtTransactionSchema, type RtTransaction } from './schemas';
import { anyOf, dateLiteral } from './ticketsql';

/**
 * Changes by polling RT's transaction log (RT has no webhooks). Limited to the configured queues, and without
 * RT's outgoing-mail records: the API user may not see those, and RT drops unseen rows after paging, which
 * would make pages come back short.
 */
export async function listChanges(deps: RtDeps, rawCursor: string | null, since: Date): Promise<ChangePage> {
  const { client, settings } = deps;
  const cursor: RtCursor = rawCursor === null ? { since: since.toISOString() } : decodeCursor(rawCursor);
  const from =
    'hwm' in cursor
      ? `id > ${Math.max(0, cursor.hwm - settings.cursorOverlap)}`
      : `Created >= ${dateLiteral(new Date(cursor.since), settings.timeZone)}`;
  const query = [
    "ObjectType = 'RT::Ticket'",
    anyOf('TicketQueue', settings.queues),
    "Type != 'EmailRecord'",
    "Type != 'CommentEmailRecord'",
    from,
  ].join(' AND ');
  const page = await client.get(
    '/transactions',
    { query, orderby: 'id', order: 'ASC', fields: 'Type,ObjectId,Created,Field,NewValue', page: 1, per_page: settings.pageSize },
    rtPageSchema,
  );
  const txns = page.items.map((item) => client.parse('GET', '/transactions', item, rtTransactionSchema));
  const seen = new Set('hwm' in cursor ? cursor.seen : []);
  const fresh = txns.filter((t) => !seen.has(Number(t.id)));

  const ticketIds = [...new Set(fresh.flatMap((t) => (t.ObjectId ? [t.ObjectId] : [])))];
  return {
    ticketIds,
    events: fresh.flatMap((t) => eventsOf(deps.helpdeskId, t)),
    cursor: encodeCursor(
      advance(
        cursor,
        txns.map((t) => Number(t.id)),
        settings.cursorOverlap,
      ),
    ),
    // A short page may still hide rows RT filtered after paging; the next poll picks them up.
    more: page.next_page !== undefined || page.items.length >= settings.pageSize,
  };
}

/** Merges and deletions, which a search never shows (merged ids and deleted tickets drop out of TicketSQL). */
function eventsOf(helpdeskId: string, t: RtTransaction): InboundEvent[] {
  if (!t.ObjectId) return [];
  const eventId = `${helpdeskId}:txn:${t.id}`;
  if (t.Type === 'AddLink' && t.Field === 'MergedInto') {
    const into = /\/ticket\/(\d+)$/.exec(t.NewValue)?.[1];
    // RT records the merge on both tickets; the target's own record points at itself.
    return into && into !== t.ObjectId ? [{ type: 'ticket.merged', ticketId: t.ObjectId, intoId: into, eventId }] : [];
  }
  if (t.Type === 'Status' && t.NewValue === 'deleted') return [{ type: 'ticket.deleted', ticketId: t.ObjectId, eventId }];
  return [];
}
