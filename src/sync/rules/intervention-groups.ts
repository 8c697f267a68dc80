import type { DolIntervention } from '../../erp/dolibarr/types';
import type { TicketKey } from '../ports';
import { ERP_EXTRAFIELDS, readExtrafield } from './erp-extrafields';
import { localDay } from './local-day';

/** 'ticket' (one intervention per ticket) or 'day:YYYY-MM-DD' (one per ticket and local day). */
export type InterventionGroup = string;

export function groupOf(start: Date, grouping: 'ticket' | 'ticket-day', timeZone: string): InterventionGroup {
  return grouping === 'ticket' ? 'ticket' : `day:${localDay(start, timeZone)}`;
}

/**
 * The marker stored on each intervention the bridge creates (fichinter extrafield
 * tb_helpdesk_entry): which helpdesk ticket and which group it holds. It lets the
 * bridge find its drafts again after a crash or a Redis loss.
 */
export function groupMarker(key: TicketKey, group: InterventionGroup): string {
  return `${key.helpdeskId}:${key.ticketId}#${group}`;
}

/** The group an intervention holds for this ticket, or null when it is not one of the bridge's for this ticket. */
export function interventionGroup(intervention: DolIntervention, key: TicketKey): InterventionGroup | null {
  const marker = readExtrafield(intervention.extrafields, ERP_EXTRAFIELDS.fichinter.helpdeskEntry);
  const prefix = `${key.helpdeskId}:${key.ticketId}#`;
  return marker?.startsWith(prefix) ? marker.slice(prefix.length) : null;
}
