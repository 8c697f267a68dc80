import type { EngineDeps } from './deps';
import type { TicketKey } from '../ports';
import { renderTemplate } from '../templates';
import { emitUpdate } from './emit-update';

/** Tells the helpdesk an intervention of its ticket was validated (by the bridge or by an ERP user), once. */
export async function reportValidated(key: TicketKey, interventionId: number, deps: EngineDeps): Promise<void> {
  const iv = await deps.erp.getIntervention(interventionId);
  if (!iv) return;
  await emitUpdate(deps, key, {
    eventId: `intervention.validated:${interventionId}`,
    type: 'intervention.validated',
    data: { interventionId, ref: iv.ref, seconds: iv.durationSeconds },
    note: renderTemplate('intervention-validated', { ref: iv.ref, seconds: iv.durationSeconds }),
  });
}
