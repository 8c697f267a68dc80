import type { EngineDeps } from './deps';
import type { TicketLink } from '../ports';
import { computeTicketDuration } from '../rules/duration';
import { ERP_EXTRAFIELDS } from '../rules/erp-extrafields';
import { renderTemplate } from '../templates';
import { emitUpdate } from './emit-update';

/**
 * The ticket's duration: every intervention linked to it, including those created by hand
 * in Dolibarr. Written to the ticket's extrafield and pushed to the helpdesk when it changed;
 * the remembered duration changes only after both, so a failure is retried in full.
 */
export async function refreshDuration(link: TicketLink, socid: number | null | undefined, deps: EngineDeps): Promise<void> {
  if (!socid) return;
  const duration = computeTicketDuration(await deps.erp.listInterventionsForTicket(link.erpId, socid));
  if ((await deps.durations.get(link.erpId)) === duration.seconds) return;
  await deps.erp.updateTicket(link.erpId, { extrafields: { [ERP_EXTRAFIELDS.ticket.duration]: duration.hours } });
  await emitUpdate(deps, link, {
    eventId: `duration.updated:${link.erpId}:${duration.seconds}`,
    type: 'duration.updated',
    data: { erpId: link.erpId, seconds: duration.seconds, hours: duration.hours, human: duration.human, interventions: duration.interventionCount },
    note: renderTemplate('duration-updated', { seconds: duration.seconds }),
    fields: { duration: duration.human },
  });
  await deps.durations.set(link.erpId, duration.seconds);
}
