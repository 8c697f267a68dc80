import { isIntegrationError } from './integration-error';

export interface RetryDecision {
  retry: boolean;
  reason: string;
  /** Minimum wait the remote asked for, if any. */
  waitMs?: number;
}

/** One pure function decides whether an error is worth retrying. */
export function retryDecision(err: unknown): RetryDecision {
  if (isIntegrationError(err)) {
    return {
      retry: err.transient,
      reason: `${err.system} ${err.kind}: ${err.message}`,
      waitMs: err.retryAfterMs,
    };
  }
  if (err instanceof Error && 'transient' in err && typeof (err as { transient: unknown }).transient === 'boolean') {
    return { retry: (err as { transient: boolean }).transient, reason: err.message };
  }
  return { retry: false, reason: err instanceof Error ? err.message : String(err) };
}
