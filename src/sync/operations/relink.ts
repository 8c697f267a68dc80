import type { EngineDeps } from '../shared/deps';
import type { TicketLink } from '../ports';
import { rebuildLink } from '../reflect/rebuild-link';
import { messageFingerprint } from '../shared/text';
import { renderTemplate } from '../templates';

/**
 * Rebuilds the links from Dolibarr after Redis was lost: tickets from the track_id the
 * bridge set, messages by matching their text with the helpdesk's articles. ERP messages
 * that match no article are recorded as already reflected, so nothing is sent twice.
 */
export async function relinkFromErp(
  deps: EngineDeps,
  progress: (line: string) => void = () => undefined,
): Promise<{ tickets: number; messages: number; skipped: number }> {
  let tickets = 0;
  let messages = 0;
  let skipped = 0;
  for await (const ticket of deps.erp.listTickets({ sortField: 'rowid' })) {
    const link = await rebuildLink(ticket, deps);
    if (!link) {
      skipped += 1;
      continue;
    }
    messages += await relinkArticles(link, deps);
    tickets += 1;
    progress(`${ticket.ref} ↔ ${link.helpdeskId} #${link.ticketId}`);
  }
  return { tickets, messages, skipped };
}

/** Links the helpdesk's articles to the ERP messages they became, by text (helpdesks that can be read again). */
async function relinkArticles(link: TicketLink, deps: EngineDeps): Promise<number> {
  const adapter = deps.adapters.get(link.helpdeskId);
  const erpMessages = await deps.erp.listTicketMessages(link.erpId);
  const byPrint = new Map(erpMessages.map((m) => [messageFingerprint(m.note ?? ''), m.id]));
  let linked = 0;
  const state = adapter?.fetchTicket ? await adapter.fetchTicket(link.ticketId) : null;
  if (state?.kind === 'found') {
    for (const article of state.snapshot.articles) {
      const text = renderTemplate('erp-message', {
        author: article.author,
        body: article.body,
        internal: article.internal,
        createdAt: article.createdAt.toISOString(),
      });
      const erpId = byPrint.get(messageFingerprint(text)) ?? byPrint.get(messageFingerprint(article.body));
      if (erpId === undefined) continue;
      await deps.links.saveArticleLink(link, article.id, erpId);
      linked += 1;
    }
  }
  return linked;
}
