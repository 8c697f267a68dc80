import { InputError, noteMarker, parseAnswer, type DeliveryResult, type OutboundUpdate } from '../../src/plugin-sdk';
import { toPendingTime } from './dates';
import { checkTicketId, type ZnunyDeps } from './fetch-ticket';
import { ticketGetSchema, writeResultSchema, type ZnunyTicket } from './schemas';
import { toBmp } from './text';
import { dynamicFields, pendingUntilOf, stateChange } from './write-fields';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * Writes one ERP-side change: the note (internal, marked with the eventId), the state, the
 * reminder and the bridge's dynamic fields in one TicketUpdate, then the customer reply in a
 * second one (TicketUpdate takes one article). Each article carries its own marker and is
 * looked for first, so a retry after a lost answer finds it instead of adding a second one;
 * state, pending time and fields are plain values and safe to write again.
 */
export async function deliver(deps: ZnunyDeps, update: OutboundUpdate): Promise<DeliveryResult> {
  const ticketId = checkTicketId(update.ticketId);
  const changes: Record<string, unknown> = { ...ticketChanges(deps, update) };
  // TicketUpdate takes queue and owner names with the note in the same call (05_ticketupdate_combined_state_article_df).
  if (update.move?.queue) changes.Queue = update.move.queue;
  if (update.move?.owner) changes.Owner = update.move.owner;
  const fields = dynamicFields(deps.settings, update.fields);
  const note = update.note?.trim() ? update.note : undefined;
  const reply = update.reply?.trim() ? update.reply : undefined;
  const noteMark = noteMarker(update.eventId);
  const replyMark = noteMarker(`${update.eventId}:reply`);
  const ticket = note || reply ? await getWithArticles(deps, ticketId) : undefined;
  const existingNote = note && ticket ? markedArticle(ticket, noteMark) : undefined;
  const existingReply = reply && ticket ? markedArticle(ticket, replyMark) : undefined;
  for (const [what, id] of [
    ['note', existingNote],
    ['reply', existingReply],
  ] as const) {
    if (id) deps.log.info(`${what} already written by an earlier attempt`, { ticketId, eventId: update.eventId, articleId: id });
  }
  const articles: Record<string, unknown>[] = [];
  if (note && !existingNote) articles.push(noteArticle(deps, update, note, noteMark));
  if (reply && ticket && !existingReply) articles.push(replyArticle(deps, ticket, reply, replyMark));
  const created = [existingNote, existingReply].filter((id): id is string => !!id);
  if (!articles.length && !fields.length && !Object.keys(changes).length) return { createdArticleIds: created };
  const first: Record<string, unknown> = {};
  if (Object.keys(changes).length) first.Ticket = changes;
  if (articles[0]) first.Article = articles[0];
  if (fields.length) first.DynamicField = fields;
  created.push(...(await ticketUpdate(deps, ticketId, first)));
  for (const article of articles.slice(1)) created.push(...(await ticketUpdate(deps, ticketId, { Article: article })));
  return { createdArticleIds: created };
}

/**
 * State and pending time. A reminder puts the ticket in the reminder state (or in the pending state the update
 * names) with the reminder as PendingTime, in Znuny's own zone and to the minute (its format has no seconds).
 */
function ticketChanges(deps: ZnunyDeps, update: OutboundUpdate): Record<string, unknown> {
  const { settings } = deps;
  if (!update.remindAt) return update.state ? stateChange(settings, update.state, pendingUntilOf(settings, update.data, deps.now())) : {};
  if (Number.isNaN(update.remindAt.getTime())) throw new InputError('bad reminder', ['remindAt: not a valid date']);
  const named = update.state ? stateChange(settings, update.state, update.remindAt) : undefined;
  if (named && !('PendingTime' in named)) {
    throw new InputError('a reminder needs a pending state', [
      `state: '${update.state}' maps to the Znuny state '${String(named.State)}', which has no pending time; remindAt cannot be kept`,
    ]);
  }
  return named ?? { State: settings.reminderState, PendingTime: toPendingTime(update.remindAt, settings.timeZone) };
}

function noteArticle(deps: ZnunyDeps, update: OutboundUpdate, note: string, marker: string): Record<string, unknown> {
  // Znuny takes files inside the article as base64 (recorded 02_ticketcreate_with_attachments_base64).
  const attachments = (update.files ?? []).flatMap((f) =>
    f.content ? [{ Content: f.content.toString('base64'), ContentType: f.contentType ?? 'application/octet-stream', Filename: f.filename }] : [],
  );
  return {
    CommunicationChannel: 'Internal',
    SenderType: 'agent',
    IsVisibleForCustomer: 0,
    From: deps.settings.agentFromAddress,
    Subject: toBmp(`TicketBridge ${update.type} ${marker}`),
    Body: toBmp(note),
    ContentType: 'text/plain; charset=utf8',
    ...(attachments.length ? { Attachment: attachments } : {}),
  };
}

/**
 * The customer's answer: an agent article visible to the customer (05_ticketupdate_article_external_email_visible),
 * addressed to the customer user when that is an address. Its subject carries the marker the retry looks for.
 */
function replyArticle(deps: ZnunyDeps, ticket: ZnunyTicket, reply: string, marker: string): Record<string, unknown> {
  return {
    CommunicationChannel: deps.settings.replyChannel,
    SenderType: 'agent',
    IsVisibleForCustomer: 1,
    From: deps.settings.agentFromAddress,
    ...(EMAIL.test(ticket.CustomerUserID) ? { To: ticket.CustomerUserID } : {}),
    Subject: toBmp(`${ticket.Title} ${marker}`),
    Body: toBmp(reply),
    ContentType: 'text/plain; charset=utf8',
  };
}

async function ticketUpdate(deps: ZnunyDeps, ticketId: string, params: Record<string, unknown>): Promise<string[]> {
  const body = await deps.client.call('TicketUpdate', { path: { TicketID: ticketId }, params });
  const written = parseAnswer(writeResultSchema, body, 'Znuny TicketUpdate answer', {
    system: deps.helpdeskId,
    method: 'TicketUpdate',
    path: 'TicketUpdate',
  });
  return params.Article ? [written.ArticleID].flat().filter((id): id is string => !!id) : [];
}

async function getWithArticles(deps: ZnunyDeps, ticketId: string): Promise<ZnunyTicket> {
  const body = await deps.client.call('TicketGet', { path: { TicketID: ticketId }, params: { AllArticles: 1 } });
  return parseAnswer(ticketGetSchema, body, 'Znuny TicketGet answer', { system: deps.helpdeskId, method: 'TicketGet', path: 'TicketGet' }).Ticket[0];
}

function markedArticle(ticket: ZnunyTicket, marker: string): string | undefined {
  return ticket.Article.find((a) => a.Subject.includes(marker))?.ArticleID;
}
