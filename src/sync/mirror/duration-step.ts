import type { MirrorStep } from './mirror-context';
import { refreshDuration } from '../shared/refresh-duration';

/** Interventions changed in this run: the ticket's duration is recomputed. */
export const durationStep: MirrorStep = {
  name: 'duration',
  async run(ctx, deps) {
    if (!ctx.interventionsChanged) return;
    await refreshDuration(ctx.link, ctx.pendingUpdate.socid ?? ctx.erpTicket.socid, deps);
  },
};
