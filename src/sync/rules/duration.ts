import type { DolIntervention } from '../../erp/dolibarr/types';
import { formatDuration, secondsToHours } from './duration-format';

export interface TicketDuration {
  seconds: number;
  /** "1 h 30" */
  human: string;
  /** Decimal hours (2 decimals) for the tb_duration extrafield. */
  hours: number;
  interventionCount: number;
}

/** Seconds of one intervention: the sum of its lines, or its header duration when the lines are absent. */
export function interventionSeconds(intervention: DolIntervention): number {
  if (intervention.lines.length > 0) return intervention.lines.reduce((sum, l) => sum + Math.max(0, l.durationSeconds), 0);
  return Math.max(0, intervention.durationSeconds);
}

/**
 * Time spent on a ticket: every intervention linked to it, including those created
 * by hand in Dolibarr. An intervention listed twice counts once.
 */
export function computeTicketDuration(interventions: DolIntervention[]): TicketDuration {
  const unique = new Map(interventions.map((i) => [i.id, i]));
  const seconds = [...unique.values()].reduce((sum, i) => sum + interventionSeconds(i), 0);
  return { seconds, human: formatDuration(seconds), hours: secondsToHours(seconds), interventionCount: unique.size };
}
