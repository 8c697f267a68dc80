import type { Article } from '../../plugin-sdk';
import { awaitedLater, type MirrorContext, settleLater } from './mirror-context';
import type { EngineDeps } from '../shared/deps';
import { messageFingerprint } from '../shared/text';
import type { TicketKey } from '../ports';
import { renderTemplate } from '../templates';
import { erpMessageEchoKey, helpdeskNoteEchoKey } from '../shared/echo-keys';
import { messageAuthor } from '../rules/erp-display';
import { ticketMessageFor } from '../rules/ticket-card';
import { type ArticleFiles, syncAttachments } from './sync-attachments';

/** Tickets whose ERP messages may hold articles without a link (links rebuilt after Redis was lost). */
const UNVERIFIED = 'erp-messages-unverified';
/** Articles being posted: a key left behind means an earlier attempt may have posted the message. */
const POSTING = 'erp-message-posting';
const POSTING_TTL_SECONDS = 7 * 24 * 3600;
const ticketOf = (key: TicketKey) => `${key.helpdeskId}:${key.ticketId}`;

/** After links were rebuilt from the ERP, the next mirror run adopts messages already there instead of posting them again. */
export async function markMessagesUnverified(key: TicketKey, deps: Pick<EngineDeps, 'once'>): Promise<void> {
  await deps.once.claim(UNVERIFIED, ticketOf(key));
}

/**
 * Each helpdesk article becomes one ERP message, public or private as it was, exactly once. The message is
 * posted at once and its id, answered by the create, links both directions. Dolibarr is searched for an
 * already posted copy only when that may exist: an earlier attempt at this article did not finish, or the
 * ticket's links were rebuilt from the ERP.
 */
export async function syncArticles(ctx: MirrorContext, deps: EngineDeps): Promise<void> {
  const articles = [...ctx.snapshot.articles].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const bodyPrint = messageFingerprint(ctx.snapshot.ticket.body);
  // Both read in one round trip.
  const [unverified, links] = await Promise.all([
    ctx.linksRebuilt === true || deps.once.has(UNVERIFIED, ticketOf(ctx.key)),
    deps.links.getArticleLinks(ctx.key),
  ]);
  const noteEchoKey = (article: Article) => helpdeskNoteEchoKey(ctx.key.helpdeskId, ctx.key.ticketId, article.body);
  // Whether the new articles are notes the bridge delivered, all in one round trip; a marker is consumed only when met.
  const newArticles = articles.filter((a) => !links.has(a.id));
  const marked = newArticles.length ? await deps.echo.marked(newArticles.map(noteEchoKey)) : [];
  const echoed = new Set(newArticles.filter((_, i) => marked[i]).map((a) => a.id));
  // What the posted articles no longer need once linked, dropped together at the end: a run stopped before leaves them
  // to lapse, and its articles are linked, so nothing reads them again.
  const leftOver: Array<() => Promise<unknown>> = [];
  // Each article's link is written in the round trip of the next article's claim: the claim protocol covers a link
  // lost meanwhile (the retry finds the message posted). All are written before anything is dropped.
  const linking: Array<Promise<unknown>> = [];
  for (const [index, article] of articles.entries()) {
    // Files first, so the message can say which came with it; the opening article usually carries them.
    const linked = links.has(article.id);
    const files = article.attachments.length > 0 ? await syncAttachments(ctx, deps, article, linked) : undefined;
    if (linked) continue;
    if (echoed.has(article.id) && (await deps.echo.consume(noteEchoKey(article)))) {
      await deps.links.saveArticleLink(ctx.key, article.id, 0);
      continue;
    }
    // The opening article usually repeats the ticket's body, which is already the ERP ticket's message.
    if (index === 0 && messageFingerprint(article.body) === bodyPrint) {
      await deps.links.saveArticleLink(ctx.key, article.id, 0);
      continue;
    }
    const posted = await postArticle(ctx, deps, article, unverified, files);
    linking.push(awaitedLater(posted.linked));
    leftOver.push(posted.drop);
  }
  await Promise.all(linking);
  if (unverified) leftOver.push(() => deps.once.release(UNVERIFIED, ticketOf(ctx.key)));
  // Sent with what the next steps read.
  if (leftOver.length) settleLater(ctx, Promise.all(leftOver.map((drop) => drop())));
}

/** Posts the article and links it (`linked`, not waited for); `drop` drops its echo marker and ends its attempt. */
async function postArticle(
  ctx: MirrorContext,
  deps: EngineDeps,
  article: Article,
  unverified: boolean,
  files?: ArticleFiles,
): Promise<{ linked: Promise<void>; drop: () => Promise<unknown> }> {
  const country = deps.rules.customer.defaultCountry;
  const author = article.author ? messageAuthor(article.author, ctx.snapshot.ticket.customer, country).name : undefined;
  const text = renderTemplate('erp-message', {
    author,
    body: article.body,
    internal: article.internal,
    createdAt: article.createdAt.toISOString(),
    files: files?.carried ?? [],
    refused: files?.refused ?? [],
  });
  const attempt = `${ticketOf(ctx.key)}:${article.id}`;
  const echoKey = erpMessageEchoKey(ctx.link.erpId, text);
  // Until the link is saved, the ERP poll may meet the new message: the marker tells it the message is ours. Set with
  // the claim, in one round trip; when a retry finds the message already posted, it is consumed below all the same.
  const [claimed] = await Promise.all([deps.once.claim(POSTING, attempt, POSTING_TTL_SECONDS), deps.echo.mark(echoKey, 24 * 3600)]);
  let erpMessageId = !claimed || unverified ? await findPostedMessage(ctx, deps, text) : 0;
  if (erpMessageId === 0) {
    // A customer's message is linked to their Dolibarr contact, as this run resolved it (once, whatever the messages).
    const account = ctx.account ?? (ctx.account = await deps.resolveAccount(ctx.snapshot.ticket, ctx.key));
    erpMessageId = await deps.erp.postTicketMessage(
      ticketMessageFor({
        ticketId: ctx.link.erpId,
        socid: ctx.erpTicket.socid ?? undefined,
        article,
        customer: ctx.snapshot.ticket.customer,
        contactId: account?.contactId,
        text,
        defaultCountry: country,
      }),
    );
  }
  // The article's link links the ERP message too.
  const linked = deps.links.saveArticleLink(ctx.key, article.id, erpMessageId);
  deps.logger.info('article mirrored as ERP message', { ...ctx.key, articleId: article.id, erpMessageId, private: article.internal });
  // Once linked, the marker is no longer needed, and the attempt is over.
  return { linked, drop: () => Promise.all([deps.echo.consume(echoKey), deps.once.release(POSTING, attempt)]) };
}

/**
 * A message with the same text that no article claims, newest first. It may already be linked without an
 * article: the ERP's webhook or poll for it, recognised as the bridge's echo, links it so.
 */
async function findPostedMessage(ctx: MirrorContext, deps: EngineDeps, text: string): Promise<number> {
  const print = messageFingerprint(text);
  const messages = await deps.erp.listTicketMessages(ctx.link.erpId);
  for (const m of [...messages].reverse()) {
    if (messageFingerprint(m.note ?? '') !== print) continue;
    const linked = await deps.links.getErpMessageLink(ctx.key, m.id);
    if (!linked || linked.articleId === undefined) return m.id;
  }
  return 0;
}
