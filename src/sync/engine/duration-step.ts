import type { MirrorStep } from './mirror-context';
import type { EngineDeps } from './deps';
import type { TicketLink } from '../ports';
import { computeTicketDuration } from '../rules/duration';
import { ERP_EXTRAFIELDS } from '../rules/erp-setup';
import { renderTemplate } from '../templates';
import { emitUpdate } from './outbound';
import { leavesUnresolved, unresolvedUpdate } from './unresolved';

const cursorName = (erpId: number) => `duration:${erpId}`;
/** Set while a duration is unresolved, so the next run computes it even when no intervention changed. */
const retryName = (erpId: number) => `duration-retry:${erpId}`;

/**
 * The ticket's duration: every intervention linked to it, including those created by hand
 * in Dolibarr. Written to the ticket's extrafield and pushed to the helpdesk when it changed;
 * the cursor moves only after both, so a failure is retried in full.
 */
export async function refreshDuration(link: TicketLink, socid: number | null | undefined, deps: EngineDeps): Promise<void> {
  if (!socid) return;
  const duration = computeTicketDuration(await deps.erp.listInterventionsForTicket(link.erpId, socid));
  if ((await deps.cursors.getCursor(cursorName(link.erpId))) === String(duration.seconds)) return;
  await deps.erp.updateTicket(link.erpId, { extrafields: { [ERP_EXTRAFIELDS.ticket.duration]: duration.hours } });
  await emitUpdate(deps, link, {
    eventId: `duration.updated:${link.erpId}:${duration.seconds}`,
    type: 'duration.updated',
    data: { erpId: link.erpId, seconds: duration.seconds, hours: duration.hours, human: duration.human, interventions: duration.interventionCount },
    note: renderTemplate('duration-updated', { seconds: duration.seconds }),
    fields: { duration: duration.human },
  });
  await deps.cursors.setCursor(cursorName(link.erpId), String(duration.seconds));
}

export const durationStep: MirrorStep = {
  name: 'duration',
  async run(ctx, deps) {
    const retry = (await deps.cursors.getCursor(retryName(ctx.link.erpId))) === '1';
    if (!ctx.interventionsChanged && !retry) return;
    try {
      await refreshDuration(ctx.link, ctx.pendingUpdate.socid ?? ctx.erpTicket.socid, deps);
      if (retry) await deps.cursors.setCursor(retryName(ctx.link.erpId), '');
    } catch (err) {
      if (!leavesUnresolved(err)) throw err;
      // The duration cursor did not move: the next change computes and writes it again.
      deps.logger.warn('ticket duration left unresolved', { ...ctx.key, erpId: ctx.link.erpId, error: (err as Error).message });
      await emitUpdate(deps, ctx.key, unresolvedUpdate('duration', ctx.key, err));
      await deps.cursors.setCursor(retryName(ctx.link.erpId), '1');
    }
  },
};
