import { InputError, isIntegrationError } from '../../plugin-sdk';
import type { TicketKey } from '../ports';
import { renderTemplate } from '../templates';
import type { NewUpdate } from './emit-update';
import { messageFingerprint } from './text';

/** The steps that add to an ERP ticket but may not stop it from being mirrored. */
export type EnrichmentStep = 'customer' | 'contract' | 'owner' | 'fields' | 'duration';

const WHAT: Record<EnrichmentStep, string> = {
  customer: 'The customer',
  contract: 'The support contract',
  owner: 'The owner',
  fields: 'The ticket type, category, severity or extra fields',
  duration: 'The time spent',
};

/**
 * True when a failed enrichment step is left unresolved: Dolibarr refused or failed the call for good (400, 403,
 * 404, 500, a value it would refuse, an unexpected answer) or the input was bad. Transient failures (Dolibarr
 * down, timeouts, 429, 502-504) are not: the job is retried and the ticket mirrored in full.
 */
export function leavesUnresolved(err: unknown): boolean {
  if (err instanceof InputError) return true;
  return isIntegrationError(err) && !err.transient;
}

/** What the helpdesk is told: `<step>.unresolved` with the reason; the same reason on the same ticket is told once. */
export function unresolvedUpdate(step: EnrichmentStep, key: TicketKey, err: unknown): NewUpdate {
  const reason = err instanceof Error ? err.message : String(err);
  return {
    eventId: `${step}.unresolved:${key.helpdeskId}:${key.ticketId}:${messageFingerprint(reason)}`,
    type: `${step}.unresolved`,
    data: { step, reason },
    note: renderTemplate('enrichment-unresolved', { what: WHAT[step], reason }),
  };
}
