import type { RenderTemplate } from '../templates';
import type { ContractResolution } from './contract-resolution';
import type { CustomerInput, CustomerResolution } from './customer';
import type { TicketDuration } from './duration';

/**
 * The helpdesk notes of the rules, one per outcome, so callers need not know the
 * templates' data. Null when the outcome needs no note (a customer found or created).
 */
export function customerNote(resolution: CustomerResolution, input: CustomerInput, render: RenderTemplate): string | null {
  if (resolution.kind === 'unknown') return render('customer-unknown', { email: input.email, phone: input.phone });
  if (resolution.kind === 'ambiguous')
    return render('customer-ambiguous', { email: input.email, phone: input.phone, candidates: resolution.candidates });
  return null;
}

export function contractNote(resolution: ContractResolution, render: RenderTemplate): string {
  if (resolution.kind === 'none') return render('contract-none', { reason: resolution.reason });
  return render('contract-covered', {
    ref: resolution.contractRef,
    metered: resolution.prepaidHours !== null,
    prepaidHours: resolution.prepaidHours,
    usedHours: resolution.usedHours,
    remainingHours: resolution.remainingHours,
  });
}

export function durationNote(duration: TicketDuration, render: RenderTemplate): string {
  return render('duration-updated', { seconds: duration.seconds, hours: duration.hours, count: duration.interventionCount });
}
