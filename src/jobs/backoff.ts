import { retryDecision } from '../plugin-sdk';

/** The name of the job backoff type that workers resolve with `backoffDelay`. */
export const BACKOFF_TYPE = 'ticketbridge';

/** An ERP outage must not push a retry further out than this (unless the remote asks for longer). */
const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Exponential backoff from `baseMs`, capped; a rate limit's Retry-After wins
 * when it asks for a longer wait.
 */
export function backoffDelay(attemptsMade: number, baseMs: number, err: unknown, maxMs = MAX_BACKOFF_MS): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.max(exponential, retryDecision(err).waitMs ?? 0);
}
