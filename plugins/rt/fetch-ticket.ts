import { ServerError, type FetchResult, type Logger, type TicketSnapshot } from '../../src/plugin-sdk';
import type { RtClient } from './client';
import { readHistory } from './history';
import { messagesByTransaction } from './messages';
import { allItems, collect } from './paging';
import { rtAttachmentSchema, rtTicketSchema, rtTransactionSchema } from './schemas';
import { categoryOf, type RtSettings } from './settings';
import { TICKET_FIELDS, toHelpdeskTicket } from './ticket-mapper';
import { ticketPath } from './ticket-id';

export interface RtDeps {
  client: RtClient;
  settings: RtSettings;
  /** The helpdesk instance id (configuration), set on its tickets. */
  helpdeskId: string;
  logger: Logger;
}

const CONTENT_GRACE_MS = 5 * 60 * 1000;
const HISTORY_FIELDS = 'Type,ObjectId,Created,Creator,TimeTaken,Field,OldValue,NewValue,Data';
// Never ask for `Parent`: RT answers 500 when a part has none.
const PART_FIELDS = 'TransactionId,ContentType,Filename,ContentLength,Content';

/**
 * The ticket's current state. RT answers a merged-away id with the target ticket (under the target's id),
 * and keeps deleted tickets readable with status "deleted": both are reported as such, not as a snapshot.
 */
export async function fetchTicket(deps: RtDeps, ticketId: string): Promise<FetchResult> {
  const { client, settings } = deps;
  const path = ticketPath(ticketId);
  const ticket = await client.get(path, TICKET_FIELDS, rtTicketSchema);
  if (ticket.id !== ticketId) return { kind: 'merged', into: ticket.id };
  if (ticket.Status === 'deleted') return { kind: 'deleted' };

  const order = { orderby: 'id', order: 'ASC' };
  const [txns, parts] = await Promise.all([
    collect(allItems(client, `${path}/history`, { ...order, fields: HISTORY_FIELDS }, settings.pageSize, rtTransactionSchema)),
    collect(allItems(client, `${path}/attachments`, { ...order, fields: PART_FIELDS }, settings.pageSize, rtAttachmentSchema)),
  ]);
  const view = readHistory(ticketId, txns, messagesByTransaction(parts));
  const unwritten = view.contentMissing.filter((t) => Date.now() - t.created.getTime() < CONTENT_GRACE_MS).map((t) => t.id);
  if (unwritten.length) {
    // A new Correspond or Comment is visible before its message part: mirrored now, it would become an empty ERP
    // message for good. Let the job retry; an old one without a part is read as it is.
    throw new ServerError(`RT ticket ${ticketId}: transaction(s) ${unwritten.join(', ')} have no content yet; retrying`, {
      system: deps.helpdeskId,
      method: 'GET',
      path: `${path}/attachments`,
      transient: true,
    });
  }
  if (view.unreadableTime.length) {
    deps.logger.warn('RT transactions with a non-numeric TimeTaken were counted as no time', {
      ticketId,
      transactions: view.unreadableTime,
    });
  }
  // The engine checks the snapshot against the model's limits (text cut, or the ticket refused naming the field).
  const snapshot: TicketSnapshot = {
    ticket: toHelpdeskTicket(deps.helpdeskId, ticket, view.body, settings),
    articles: view.articles,
    timeEntries: view.timeEntries,
    stateHistory: view.statusChanges.map((c) => ({ at: c.at, stateCategory: categoryOf(settings, c.status) })),
  };
  return { kind: 'found', snapshot };
}
