import type { EngineDeps } from './deps';
import { InputError } from '../../errors';

const MAX_PAGES_PER_RUN = 20;
const ERP_FIRST_LOOKBACK_MS = 10 * 60 * 1000;

/**
 * Safety net for lost helpdesk webhooks, and the only source of changes for poll-only
 * helpdesks. The cursor is saved after each page is queued, so a crash repeats at most one page.
 */
export async function pollHelpdesk(source: string, deps: EngineDeps): Promise<{ tickets: number; pages: number }> {
  const adapter = deps.adapters.get(source);
  if (!adapter) throw new InputError(`unknown helpdesk "${source}"`);
  if (!adapter.listChanges) return { tickets: 0, pages: 0 };
  const cursorName = `poll:helpdesk:${source}`;
  let cursor = await deps.cursors.getCursor(cursorName);
  const since = deps.now();
  let tickets = 0;
  let pages = 0;
  while (pages < MAX_PAGES_PER_RUN) {
    const page = await adapter.listChanges(cursor, since);
    pages += 1;
    const ids = new Set(page.ticketIds);
    for (const event of page.events ?? []) if ('ticketId' in event) ids.add(event.ticketId);
    for (const ticketId of ids) await deps.scheduler.mirrorTicket({ source, ticketId });
    tickets += ids.size;
    cursor = page.cursor;
    await deps.cursors.setCursor(cursorName, cursor);
    if (!page.more) break;
  }
  if (tickets) deps.logger.info('helpdesk poll queued changes', { source, tickets, pages });
  return { tickets, pages };
}

/** Dolibarr tickets modified since the cursor; ties at the same second are simply reflected again (idempotent). */
export async function pollErp(deps: EngineDeps): Promise<{ tickets: number }> {
  const cursorName = 'poll:erp:tickets';
  const stored = await deps.cursors.getCursor(cursorName);
  const since = stored ? new Date(stored) : new Date(deps.now().getTime() - ERP_FIRST_LOOKBACK_MS);
  let newest = since;
  let tickets = 0;
  for await (const ticket of deps.erp.listTickets({ modifiedSince: since, sortField: 'tms' })) {
    await deps.scheduler.reflectErp({ kind: 'ticket', erpId: ticket.id });
    tickets += 1;
    if (ticket.modifiedAt && ticket.modifiedAt > newest) newest = ticket.modifiedAt;
  }
  await deps.cursors.setCursor(cursorName, newest.toISOString());
  if (tickets) deps.logger.info('ERP poll queued changes', { tickets, since: since.toISOString() });
  return { tickets };
}
