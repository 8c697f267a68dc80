import type { FetchResult } from '../../plugin-sdk';
import type { TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { InputError } from '../../plugin-sdk';

/** The helpdesk ticket as it is now: fetched when the plugin can, else the last pushed snapshot. */
export async function currentState(key: TicketKey, deps: Pick<EngineDeps, 'adapters' | 'snapshots'>): Promise<FetchResult | null> {
  const adapter = deps.adapters.get(key.helpdeskId);
  if (!adapter) throw new InputError(`unknown helpdesk "${key.helpdeskId}"`);
  if (adapter.fetchTicket) return adapter.fetchTicket(key.ticketId);
  const pushed = await deps.snapshots.get(key);
  if (!pushed) return null;
  if (pushed.deleted) return { kind: 'deleted' };
  if (pushed.mergedInto) return { kind: 'merged', into: pushed.mergedInto, snapshot: pushed.snapshot };
  return pushed.snapshot ? { kind: 'found', snapshot: pushed.snapshot } : null;
}
