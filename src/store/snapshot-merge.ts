import { z } from 'zod';
import { articleSchema, ticketSchema, timeEntrySchema, type InboundEvent } from '../plugin-sdk';

/**
 * What is kept per pushed ticket. Articles and time entries are kept apart from
 * the ticket so that one arriving before its ticket's first snapshot is not lost.
 */
export const storedPushSchema = z.object({
  ticket: ticketSchema.optional(),
  articles: z.array(articleSchema).default([]),
  timeEntries: z.array(timeEntrySchema).default([]),
  mergedInto: z.string().optional(),
  deleted: z.boolean().optional(),
});
export type StoredPush = z.infer<typeof storedPushSchema>;

/** The ticket an event is about. */
export function eventTicketId(event: InboundEvent): string {
  return event.type === 'ticket.upserted' ? event.snapshot.ticket.id : event.ticketId;
}

/**
 * The state after one event, or null when the event changes nothing. Pure, so
 * duplicates and out-of-order deliveries can be reasoned about (and tested) here.
 */
export function mergePushedEvent(current: StoredPush | null, event: InboundEvent): StoredPush | null {
  const state: StoredPush = current ?? { articles: [], timeEntries: [] };
  switch (event.type) {
    case 'ticket.changed':
    case 'ticket.dev_escalation_requested':
      return null;
    case 'ticket.upserted': {
      const { ticket, articles, timeEntries } = event.snapshot;
      // Equal timestamps count as newer: helpdesks with second resolution send several changes per second.
      const newer = !state.ticket || ticket.updatedAt.getTime() >= state.ticket.updatedAt.getTime();
      return {
        ...state,
        ticket: newer ? ticket : state.ticket,
        articles: sortArticles(mergeById(state.articles, articles, newer)),
        timeEntries: mergeById(state.timeEntries, timeEntries, newer),
      };
    }
    case 'article.added':
      if (state.articles.some((a) => a.id === event.article.id)) return null;
      return { ...state, articles: sortArticles([...state.articles, event.article]) };
    case 'time_entry.upserted':
      return { ...state, timeEntries: mergeById(state.timeEntries, [event.entry], true) };
    case 'time_entry.removed':
      if (!state.timeEntries.some((e) => e.id === event.entryId)) return null;
      return { ...state, timeEntries: state.timeEntries.filter((e) => e.id !== event.entryId) };
    case 'ticket.merged':
      return { ...state, mergedInto: event.intoId };
    case 'ticket.deleted':
      return { ...state, deleted: true };
  }
}

/** The state with the bodies of these articles emptied, or null when none of them has one left. */
export function withoutBodies(state: StoredPush | null, articleIds: ReadonlySet<string>): StoredPush | null {
  if (!state?.articles.some((a) => a.body !== '' && articleIds.has(a.id))) return null;
  return { ...state, articles: state.articles.map((a) => (articleIds.has(a.id) ? { ...a, body: '' } : a)) };
}

/** Union by id; for an id on both sides the incoming item wins only when it is the newer. */
function mergeById<T extends { id: string }>(kept: T[], incoming: T[], incomingWins: boolean): T[] {
  const byId = new Map(kept.map((item) => [item.id, item]));
  for (const item of incoming) if (incomingWins || !byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}

function sortArticles<T extends { id: string; createdAt: Date }>(articles: T[]): T[] {
  return [...articles].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
}
