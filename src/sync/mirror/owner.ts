import type { Owner } from '../../plugin-sdk';
import type { TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { resolveAssignee } from './resolve-assignee';
import { emitUpdate } from '../shared/emit-update';
import { leavesUnresolved, unresolvedUpdate } from '../shared/unresolved';

/** The ERP user for the ticket's owner; when Dolibarr fails the look-up for good, none, and the helpdesk is told. */
export async function assigneeOrUnresolved(key: TicketKey, owner: Owner | undefined, deps: EngineDeps): Promise<number | undefined> {
  try {
    return await resolveAssignee(owner, deps.mapping, deps.erp);
  } catch (err) {
    if (!leavesUnresolved(err)) throw err;
    deps.logger.warn('ticket owner left unresolved', { ...key, error: (err as Error).message });
    await emitUpdate(deps, key, unresolvedUpdate('owner', key, err));
    return undefined;
  }
}
