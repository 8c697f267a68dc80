import type { EngineDeps } from './deps';
import { InputError } from '../../plugin-sdk';

const MAX_PAGES_PER_RUN = 20;

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

/**
 * Safety net for lost Dolibarr webhooks (Dolibarr never retries one): tickets, interventions and proposals
 * modified, and ticket messages written, since their cursors. Ties at the same second are reflected again, which is harmless.
 */
export async function pollErp(deps: EngineDeps): Promise<{ tickets: number; interventions: number; messages: number; proposals: number }> {
  const tickets = await pollModified(deps, 'poll:erp:tickets', (since) => deps.erp.listTickets({ modifiedSince: since, sortField: 'tms' }), (id) =>
    deps.scheduler.reflectErp({ kind: 'ticket', erpId: id }),
  );
  const interventions = await pollModified(deps, 'poll:erp:interventions', (since) => deps.erp.listInterventions({ modifiedSince: since }), (id) =>
    deps.scheduler.reflectErp({ kind: 'intervention', erpId: id }),
  );
  const messages = await pollModified(
    deps,
    'poll:erp:messages',
    async function* (since) {
      for await (const m of deps.erp.listTicketMessagesSince(since)) yield { id: m.id, ticketId: m.elementId, modifiedAt: m.createdAt };
    },
    (id, item) => (item.ticketId ? deps.scheduler.reflectErp({ kind: 'message', erpId: id, ticketErpId: item.ticketId }) : Promise.resolve()),
  );
  // A lost PROPAL_CLOSE_SIGNED/REFUSED would otherwise never reach the helpdesk; reflecting a proposal is idempotent.
  const proposals = await pollModified(deps, 'poll:erp:proposals', (since) => deps.erp.listProposalsModifiedSince(since), (id) =>
    deps.scheduler.reflectErp({ kind: 'proposal', erpId: id }),
  );
  if (tickets || interventions || messages || proposals) deps.logger.info('ERP poll queued changes', { tickets, interventions, messages, proposals });
  return { tickets, interventions, messages, proposals };
}

async function pollModified<T extends { id: number; modifiedAt?: Date | null }>(
  deps: EngineDeps,
  cursorName: string,
  list: (since: Date) => AsyncIterable<T>,
  reflect: (id: number, item: T) => Promise<void>,
): Promise<number> {
  const stored = await deps.cursors.getCursor(cursorName);
  if (!stored) {
    // First poll (new install, or Redis lost): start from now. Looking back would report the bridge's own recent
    // writes, whose echo markers are gone, as ERP users' changes.
    await deps.cursors.setCursor(cursorName, deps.now().toISOString());
    return 0;
  }
  const since = new Date(stored);
  let newest = since;
  let count = 0;
  for await (const item of list(since)) {
    await reflect(item.id, item);
    count += 1;
    if (item.modifiedAt && item.modifiedAt > newest) newest = item.modifiedAt;
  }
  await deps.cursors.setCursor(cursorName, newest.toISOString());
  return count;
}
