import { noteMarker, parseAnswer, type DeliveryResult, type OutboundUpdate } from '../../src/plugin-sdk';
import { checkTicketId, type ZnunyDeps } from './fetch-ticket';
import { ticketGetSchema, writeResultSchema } from './schemas';
import { toBmp } from './text';
import { dynamicFields, pendingUntilOf, stateChange } from './write-fields';

/**
 * Writes one ERP-side change in a single TicketUpdate: the note (internal, marked with the
 * eventId), the state and the bridge's dynamic fields. The marker is looked for first, so a
 * retry after a lost answer finds the note instead of adding a second one; state and fields
 * are plain values and safe to write again.
 */
export async function deliver(deps: ZnunyDeps, update: OutboundUpdate): Promise<DeliveryResult> {
  const ticketId = checkTicketId(update.ticketId);
  const changes: Record<string, unknown> = {};
  if (update.state) Object.assign(changes, stateChange(deps.settings, update.state, pendingUntilOf(deps.settings, update.data, deps.now())));
  // TicketUpdate takes queue and owner names with the note in the same call (05_ticketupdate_combined_state_article_df).
  if (update.move?.queue) changes.Queue = update.move.queue;
  if (update.move?.owner) changes.Owner = update.move.owner;
  const fields = dynamicFields(deps.settings, update.fields);
  const note = update.note?.trim() ? update.note : undefined;
  const marker = noteMarker(update.eventId);
  const existing = note ? await findMarkedArticle(deps, ticketId, marker) : undefined;
  if (existing) deps.log.info('note already written by an earlier attempt', { ticketId, eventId: update.eventId, articleId: existing });
  // Znuny takes files inside the article as base64 (recorded 02_ticketcreate_with_attachments_base64).
  const attachments = (update.files ?? []).flatMap((f) => (f.content ? [{ Content: f.content.toString('base64'), ContentType: f.contentType ?? 'application/octet-stream', Filename: f.filename }] : []));
  const article =
    note && !existing
      ? {
          CommunicationChannel: 'Internal',
          SenderType: 'agent',
          IsVisibleForCustomer: 0,
          From: deps.settings.agentFromAddress,
          Subject: toBmp(`TicketBridge ${update.type} ${marker}`),
          Body: toBmp(note),
          ContentType: 'text/plain; charset=utf8',
          ...(attachments.length ? { Attachment: attachments } : {}),
        }
      : undefined;
  if (!article && !fields.length && !Object.keys(changes).length) return { createdArticleIds: existing ? [existing] : [] };
  const params: Record<string, unknown> = {};
  if (Object.keys(changes).length) params.Ticket = changes;
  if (article) params.Article = article;
  if (fields.length) params.DynamicField = fields;
  const body = await deps.client.call('TicketUpdate', { path: { TicketID: ticketId }, params });
  const written = parseAnswer(writeResultSchema, body, 'Znuny TicketUpdate answer', { system: deps.source, method: 'TicketUpdate', path: 'TicketUpdate' });
  const created = article ? [written.ArticleID].flat().filter((id): id is string => !!id) : [];
  return { createdArticleIds: existing ? [existing] : created };
}

async function findMarkedArticle(deps: ZnunyDeps, ticketId: string, marker: string): Promise<string | undefined> {
  const body = await deps.client.call('TicketGet', { path: { TicketID: ticketId }, params: { AllArticles: 1 } });
  const ticket = parseAnswer(ticketGetSchema, body, 'Znuny TicketGet answer', { system: deps.source, method: 'TicketGet', path: 'TicketGet' }).Ticket[0];
  return ticket.Article.find((a) => a.Subject.includes(marker))?.ArticleID;
}
