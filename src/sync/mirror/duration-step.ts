import type { MirrorStep } from './mirror-context';
import { refreshDuration } from '../shared/refresh-duration';
import { emitUpdate } from '../shared/emit-update';
import { leavesUnresolved, unresolvedUpdate } from '../shared/unresolved';

/** Remembered as the ticket's duration while it is unresolved, so the next run computes it even when no intervention changed. */
const UNRESOLVED = -1;

/** Interventions changed in this run (or the last try failed): the ticket's duration is recomputed. */
export const durationStep: MirrorStep = {
  name: 'duration',
  async run(ctx, deps) {
    // An ERP ticket created in this run has no duration remembered yet.
    const retry = !ctx.created && (await deps.durations.get(ctx.link.erpId)) === UNRESOLVED;
    if (!ctx.interventionsChanged && !retry) return;
    try {
      await refreshDuration(ctx.link, ctx.pendingUpdate.socid ?? ctx.erpTicket.socid, deps);
    } catch (err) {
      if (!leavesUnresolved(err)) throw err;
      deps.logger.warn('ticket duration left unresolved', { ...ctx.key, erpId: ctx.link.erpId, error: (err as Error).message });
      await emitUpdate(deps, ctx.key, unresolvedUpdate('duration', ctx.key, err));
      await deps.durations.set(ctx.link.erpId, UNRESOLVED);
    }
  },
};
