import type { TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import type { MirrorContext } from './mirror-context';
import { currentState } from './current-state';
import { fitToLimits } from './fit-to-limits';
import { ensureErpTicket } from './ensure-erp-ticket';
import { flushTicketUpdate, syncTicketFields } from './sync-fields';
import { syncArticles } from './sync-articles';
import { forgetMirroredBodies } from './forget-mirrored-bodies';
import { closeGoneTicket } from './close-gone-ticket';
import { NotFoundError } from '../../plugin-sdk';

export type MirrorOutcome = 'mirrored' | 'unknown-ticket' | 'erp-ticket-deleted' | 'merged' | 'deleted';

/**
 * Reconciles one helpdesk ticket with its ERP ticket from their current states,
 * so a replay, a duplicate or an out-of-order event changes nothing more.
 */
export async function mirrorTicket(key: TicketKey, deps: EngineDeps): Promise<MirrorOutcome> {
  // The link and the helpdesk states the field sync compares are read with the state (one round trip for a pushed
  // ticket, none added to a fetched one).
  const [state, link, mirrored, delivered] = await Promise.all([
    currentState(key, deps),
    deps.links.getTicketLink(key),
    deps.helpdeskState.getMirrored(key),
    deps.helpdeskState.getDelivered(key),
  ]);
  if (!state) {
    deps.logger.warn('helpdesk ticket has no known state yet; nothing to mirror', key);
    return 'unknown-ticket';
  }
  if (state.kind === 'deleted') {
    await closeGoneTicket(key, { kind: 'deleted' }, deps);
    return 'deleted';
  }
  if (state.kind === 'merged') {
    await closeGoneTicket(key, { kind: 'merged', into: state.into }, deps);
    await deps.scheduler.mirrorTicket({ helpdeskId: key.helpdeskId, ticketId: state.into });
    return 'merged';
  }
  const { mergedInto, stateCategory } = state.snapshot.ticket;
  if (stateCategory === 'merged' && mergedInto) {
    await closeGoneTicket(key, { kind: 'merged', into: mergedInto }, deps);
    await deps.scheduler.mirrorTicket({ helpdeskId: key.helpdeskId, ticketId: mergedInto });
    return 'merged';
  }
  const snapshot = await fitToLimits(key, state.snapshot, deps);
  const ensured = await ensureErpTicket(key, snapshot, link, deps);
  if (!ensured) return 'erp-ticket-deleted';
  const ctx: MirrorContext = {
    key,
    snapshot,
    link: ensured.link,
    erpTicket: ensured.erpTicket,
    created: ensured.created,
    linksRebuilt: ensured.adopted,
    account: ensured.account,
    helpdeskStates: { mirrored, delivered },
    pendingUpdate: {},
    unsettled: [],
  };
  try {
    await syncTicketFields(ctx, deps);
    await syncArticles(ctx, deps);
    await forgetMirroredBodies(ctx, deps);
    for (const step of deps.steps) {
      await step.run(ctx, deps);
    }
    await flushTicketUpdate(ctx, deps);
    await Promise.all(ctx.unsettled);
  } catch (err) {
    if (await deletedMeanwhile(err, ctx, deps)) return 'erp-ticket-deleted';
    throw err;
  }
  return 'mirrored';
}

/** The ERP ticket was known, but a write found it gone: a user deleted it and the bridge was not told. */
async function deletedMeanwhile(err: unknown, ctx: MirrorContext, deps: EngineDeps): Promise<boolean> {
  if (!(err instanceof NotFoundError) || (await deps.erp.getTicket(ctx.link.erpId))) return false;
  await deps.erpTickets.forget(ctx.key);
  deps.logger.warn('ERP ticket deleted in Dolibarr; helpdesk changes are no longer mirrored', {
    ...ctx.key,
    erpId: ctx.link.erpId,
    erpRef: ctx.link.erpRef,
  });
  return true;
}
