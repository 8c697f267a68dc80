import { createHash } from 'node:crypto';
import { InputError, type TicketSnapshot } from '../../plugin-sdk';
import type { TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { emitUpdate } from '../shared/emit-update';
import { fitSnapshot } from '../rules/snapshot-limits';
import { renderTemplate } from '../templates';

/**
 * The fetched ticket within the limits the bridge can write to Dolibarr, checked once before anything is written.
 * Text cut with a marker is logged; a field that cannot be cut refuses the ticket for good (InputError: never
 * retried, the job's failure names the fields for the log and the admin page), and the helpdesk is told once per
 * set of refused fields.
 */
export async function fitToLimits(key: TicketKey, snapshot: TicketSnapshot, deps: EngineDeps): Promise<TicketSnapshot> {
  const fit = fitSnapshot(snapshot);
  if (fit.kind === 'fits') {
    if (fit.cut.length) deps.logger.warn('helpdesk ticket text cut to the limits Dolibarr takes', { ...key, fields: fit.cut });
    return fit.snapshot;
  }
  const digest = createHash('sha256').update(fit.fields.join('\n')).digest('hex').slice(0, 32);
  await emitUpdate(deps, key, {
    eventId: `ticket.refused:${digest}`,
    type: 'ticket.refused',
    data: { fields: fit.fields },
    note: renderTemplate('ticket-refused', { fields: fit.fields }),
  });
  throw new InputError(`helpdesk ticket ${key.helpdeskId} #${key.ticketId} refused: over the limits the bridge can write to Dolibarr`, fit.fields);
}
