import type { EngineDeps } from '../shared/deps';

/**
 * Safety net for lost Dolibarr webhooks (Dolibarr never retries one): tickets, interventions and proposals
 * modified, and ticket messages written, since their cursors. Ties at the same second are reflected again, which is harmless.
 */
export async function pollErp(deps: EngineDeps): Promise<{ tickets: number; interventions: number; messages: number; proposals: number }> {
  const tickets = await pollModified(
    deps,
    'poll:erp:tickets',
    (since) => deps.erp.listTickets({ modifiedSince: since, sortField: 'tms' }),
    (id) => deps.scheduler.reflectErp({ kind: 'ticket', erpId: id }),
  );
  const interventions = await pollModified(
    deps,
    'poll:erp:interventions',
    (since) => deps.erp.listInterventions({ modifiedSince: since }),
    (id) => deps.scheduler.reflectErp({ kind: 'intervention', erpId: id }),
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
  const proposals = await pollModified(
    deps,
    'poll:erp:proposals',
    (since) => deps.erp.listProposalsModifiedSince(since),
    (id) => deps.scheduler.reflectErp({ kind: 'proposal', erpId: id }),
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
  const stored = await deps.pollCursors.get(cursorName);
  if (!stored) {
    // First poll (new install, or Redis lost): start from now. Looking back would report the bridge's own recent
    // writes, whose echo markers are gone, as ERP users' changes.
    await deps.pollCursors.set(cursorName, deps.now().toISOString());
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
  await deps.pollCursors.set(cursorName, newest.toISOString());
  return count;
}
