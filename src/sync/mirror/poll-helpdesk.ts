import type { EngineDeps } from '../shared/deps';
import { InputError } from '../../plugin-sdk';

const MAX_PAGES_PER_RUN = 20;

/**
 * Safety net for lost helpdesk webhooks, and the only source of changes for poll-only
 * helpdesks. The cursor is saved after each page is queued, so a crash repeats at most one page.
 */
export async function pollHelpdesk(helpdeskId: string, deps: EngineDeps): Promise<{ tickets: number; pages: number }> {
  const adapter = deps.adapters.get(helpdeskId);
  if (!adapter) throw new InputError(`unknown helpdesk "${helpdeskId}"`);
  if (!adapter.listChanges) return { tickets: 0, pages: 0 };
  const cursorName = `poll:helpdesk:${helpdeskId}`;
  let cursor = await deps.pollCursors.get(cursorName);
  const since = deps.now();
  let tickets = 0;
  let pages = 0;
  while (pages < MAX_PAGES_PER_RUN) {
    const page = await adapter.listChanges(cursor, since);
    pages += 1;
    const ids = new Set(page.ticketIds);
    for (const event of page.events ?? []) if ('ticketId' in event) ids.add(event.ticketId);
    for (const ticketId of ids) await deps.scheduler.mirrorTicket({ helpdeskId: helpdeskId, ticketId });
    tickets += ids.size;
    cursor = page.cursor;
    await deps.pollCursors.set(cursorName, cursor);
    if (!page.more) break;
  }
  if (tickets) deps.logger.info('helpdesk poll queued changes', { helpdeskId, tickets, pages });
  return { tickets, pages };
}
