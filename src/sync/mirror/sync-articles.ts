import type { Article } from '../../plugin-sdk';
import type { MirrorContext } from './mirror-context';
import type { EngineDeps } from '../shared/deps';
import { messageFingerprint } from '../shared/text';
import { renderTemplate } from '../templates';
import { erpMessageEchoKey, helpdeskNoteEchoKey } from '../shared/echo-keys';
import { resolveAssignee } from './resolve-assignee';
import { messageAuthor, parseMailbox } from '../rules/erp-display';
import { ticketMessageFor } from '../rules/ticket-card';

/**
 * Each helpdesk article becomes one ERP message, public or private as it was, exactly once.
 * The ERP message id is looked up right after posting so both directions stay linked.
 */
export async function syncArticles(ctx: MirrorContext, deps: EngineDeps): Promise<void> {
  const articles = [...ctx.snapshot.articles].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const bodyPrint = messageFingerprint(ctx.snapshot.ticket.body);
  for (const [index, article] of articles.entries()) {
    if ((await deps.links.getArticleLink(ctx.key, article.id)) !== null) continue;
    if (await deps.echo.consume(helpdeskNoteEchoKey(ctx.key.source, ctx.key.ticketId, article.body))) {
      await deps.links.saveArticleLink(ctx.key, article.id, 0);
      continue;
    }
    // The opening article usually repeats the ticket's body, which is already the ERP ticket's message.
    if (index === 0 && messageFingerprint(article.body) === bodyPrint) {
      await deps.links.saveArticleLink(ctx.key, article.id, 0);
      continue;
    }
    await postArticle(ctx, deps, article);
  }
}

async function postArticle(ctx: MirrorContext, deps: EngineDeps, article: Article): Promise<void> {
  const country = deps.rules.customer.defaultCountry;
  const author = article.author ? messageAuthor(article.author, ctx.snapshot.ticket.customer, country).name : undefined;
  const text = renderTemplate('erp-message', { author, body: article.body, internal: article.internal, createdAt: article.createdAt.toISOString() });
  // The message may already be in the ERP without an article link: an earlier run died after the POST but before
  // the link, or Redis was lost and `relink` could not tell which article it was (push-only helpdesks cannot be
  // re-read). Adopt it rather than post it a second time.
  let erpMessageId = await findPostedMessage(ctx, deps, text);
  if (erpMessageId === 0) {
    await deps.echo.mark(erpMessageEchoKey(ctx.link.erpId, text), 24 * 3600);
    const account = ctx.created ? undefined : await deps.resolveAccount(ctx.snapshot.ticket, ctx.key);
    erpMessageId = await deps.erp.postTicketMessage(
      ticketMessageFor({
        ticketId: ctx.link.erpId,
        socid: ctx.erpTicket.socid ?? undefined,
        article,
        customer: ctx.snapshot.ticket.customer,
        contactId: account?.contactId,
        agentUserId: await agentUserId(article.author, deps),
        text,
        defaultCountry: country,
      }),
    );
  }
  await deps.links.saveArticleLink(ctx.key, article.id, erpMessageId);
  if (erpMessageId > 0) await deps.links.saveErpMessageLink(erpMessageId, ctx.key, article.id);
  deps.logger.info('article mirrored as ERP message', { ...ctx.key, articleId: article.id, erpMessageId, private: article.internal });
}

/** The Dolibarr user of the agent who wrote an article (by mapped login or e-mail), else the bridge's own user. */
async function agentUserId(author: string | undefined, deps: EngineDeps): Promise<number> {
  const mailbox = author ? parseMailbox(author) : {};
  const owner = mailbox.address ? { email: mailbox.address } : mailbox.name ? { login: mailbox.name } : undefined;
  const mapped = await resolveAssignee(owner, deps.mapping, deps.erp);
  if (mapped !== undefined) return mapped;
  let own = bridgeUsers.get(deps.erp);
  if (own === undefined) {
    own = (await deps.erp.currentUser()).id;
    bridgeUsers.set(deps.erp, own);
  }
  return own;
}

const bridgeUsers = new WeakMap<object, number>();

/**
 * An earlier run's message: the newest message with the same text that no article claims is ours. It may
 * already be linked without an article: the ERP's webhook for it, recognised as the bridge's echo, links it so.
 */
async function findPostedMessage(ctx: MirrorContext, deps: EngineDeps, text: string): Promise<number> {
  const print = messageFingerprint(text);
  const messages = await deps.erp.listTicketMessages(ctx.link.erpId);
  for (const m of [...messages].reverse()) {
    if (messageFingerprint(m.note ?? '') !== print) continue;
    const linked = await deps.links.getErpMessageLink(m.id);
    if (!linked || linked.articleId === undefined) return m.id;
  }
  return 0;
}
