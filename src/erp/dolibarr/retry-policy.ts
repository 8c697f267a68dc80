import { retryDecision } from '../../plugin-sdk';

export interface CallRetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
}

/** Bounded exponential backoff with equal jitter: half fixed, half random, so retries never bunch up at zero. */
export function backoffMs(retriesDone: number, policy: CallRetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retriesDone);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * How long to wait before retrying `err`, or null to give up. Pure: everything it
 * depends on is an argument. A Retry-After longer than maxMs gives up at once, so the
 * job layer (which can wait minutes without holding a connection slot) handles it.
 */
export function retryDelayMs(err: unknown, retriesDone: number, policy: CallRetryPolicy, random: () => number): number | null {
  const decision = retryDecision(err);
  if (!decision.retry || retriesDone >= policy.maxRetries) return null;
  if (decision.waitMs !== undefined && decision.waitMs > policy.maxMs) return null;
  return Math.max(decision.waitMs ?? 0, backoffMs(retriesDone, policy, random));
}
