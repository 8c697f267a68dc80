import type { SlaPolicy } from '../../config/sla-schema';
import type { StateCategory } from '../../plugin-sdk';
import { addBusinessMs, businessMsBetween, MINUTE_MS, type BusinessCalendar } from './business-calendar';
import type { Timeline } from './state-timeline';

type TargetState = 'running' | 'paused' | 'met' | 'breached';
export type SlaStatus = 'ok' | 'at_risk' | 'paused' | 'breached';
export const SLA_STATUSES: readonly SlaStatus[] = ['ok', 'at_risk', 'paused', 'breached'];

export interface TargetFigures {
  targetMinutes: number;
  /** Business time counted against the target (until it was met, or until now). */
  usedMs: number;
  state: TargetState;
  /** When the target falls due while the clock runs on; absent while paused or once met. */
  dueAt?: Date;
  /** When the share of the target that makes it "at risk" is (or was) used. */
  atRiskAt?: Date;
  /** The instant the target was exceeded, when it was. */
  breachedAt?: Date;
}

export interface SlaClock {
  policy: string;
  status: SlaStatus;
  firstResponse?: TargetFigures;
  resolution?: TargetFigures;
  /** Business time the ticket has been worked on (counted like the resolution target). */
  usedMs: number;
  /** The next instant at which the status changes by itself (at risk, breach); none when nothing runs. */
  nextChangeAt?: Date;
}

export interface ClockInput {
  policy: SlaPolicy;
  calendar: BusinessCalendar;
  atRiskPercent: number;
  timeline: Timeline;
  /** The first public answer of an agent. */
  firstResponseAt?: Date;
  now: Date;
}

interface Counting {
  counts(category: StateCategory): boolean;
  /** Instant the target is met by an event other than a stop state (the first answer). */
  metAt?: Date;
}

/**
 * One target's clock, from the state timeline alone: business time counts while the ticket is in a state
 * that neither pauses nor stops it; a stop state meets the target (a reopened ticket's clock runs on
 * from where it stopped). Same timeline and `now`, same figures.
 */
function measure(input: ClockInput, targetMs: number, counting: Counting): Omit<TargetFigures, 'targetMinutes'> {
  const { calendar, timeline, now, policy } = input;
  const riskMs = Math.floor((targetMs * input.atRiskPercent) / 100);
  const endMs = Math.min(now.getTime(), counting.metAt?.getTime() ?? Infinity);
  let used = 0;
  let atRiskAt: Date | undefined;
  let nextRiskAt: Date | undefined;
  let breachedAt: Date | undefined;
  let dueAt: Date | undefined;
  for (let i = 0; i < timeline.length; i++) {
    const from = timeline[i]!.at;
    if (from.getTime() > endMs) break;
    if (!counting.counts(timeline[i]!.stateCategory)) continue;
    const to = new Date(Math.min(timeline[i + 1]?.at.getTime() ?? Infinity, endMs));
    if (!breachedAt) dueAt = addBusinessMs(calendar, from, targetMs - used);
    if (!atRiskAt) {
      nextRiskAt = addBusinessMs(calendar, from, Math.max(0, riskMs - used));
      if (nextRiskAt.getTime() <= to.getTime()) atRiskAt = nextRiskAt;
    }
    const spent = businessMsBetween(calendar, from, to);
    // Met exactly at the due instant is met; still running at the due instant is breached.
    const runsOn = to.getTime() === now.getTime() && endMs === now.getTime();
    if (!breachedAt && (used + spent > targetMs || (runsOn && used + spent === targetMs))) breachedAt = dueAt;
    used += spent;
  }
  const current = timeline.filter((t) => t.at.getTime() <= endMs || t === timeline[0]).at(-1)!.stateCategory;
  const met = counting.metAt !== undefined && counting.metAt.getTime() <= now.getTime();
  if (breachedAt) return { usedMs: used, state: 'breached', breachedAt, atRiskAt, dueAt: breachedAt };
  if (met || policy.stopStates.includes(current)) return { usedMs: used, state: 'met', atRiskAt };
  if (policy.pauseStates.includes(current)) return { usedMs: used, state: 'paused', atRiskAt };
  return { usedMs: used, state: 'running', dueAt, atRiskAt: atRiskAt ?? nextRiskAt };
}

export function computeClock(input: ClockInput): SlaClock {
  const { policy } = input;
  const running = (c: StateCategory) => !policy.pauseStates.includes(c) && !policy.stopStates.includes(c);
  const figures = (minutes: number | undefined, metAt?: Date): TargetFigures | undefined =>
    minutes === undefined ? undefined : { targetMinutes: minutes, ...measure(input, minutes * MINUTE_MS, { counts: running, metAt }) };
  const firstResponse = figures(policy.firstResponseMinutes, input.firstResponseAt);
  const resolution = figures(policy.resolutionMinutes);
  const work = resolution ?? measure(input, Number.MAX_SAFE_INTEGER, { counts: running });
  const targets = [firstResponse, resolution].filter((t): t is TargetFigures => t !== undefined);
  const now = input.now.getTime();
  const current = input.timeline.filter((t) => t.at.getTime() <= now || t === input.timeline[0]).at(-1)!.stateCategory;
  const status: SlaStatus = targets.some((t) => t.state === 'breached')
    ? 'breached'
    : policy.pauseStates.includes(current)
      ? 'paused'
      : targets.some((t) => t.state === 'running' && t.atRiskAt && t.atRiskAt.getTime() <= now)
        ? 'at_risk'
        : 'ok';
  const upcoming = targets
    .filter((t) => t.state === 'running')
    .flatMap((t) => [t.atRiskAt, t.dueAt])
    .filter((d): d is Date => d !== undefined && d.getTime() > now)
    .sort((a, b) => a.getTime() - b.getTime());
  return { policy: policy.name, status, firstResponse, resolution, usedMs: work.usedMs, nextChangeAt: upcoming[0] };
}
