import {
  AuthError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  type IntegrationError,
} from '../errors/integration-error';
import { describeCall, type CallSite } from './call-site';

/**
 * The statuses worth the same call again later, for every remote system (Dolibarr, helpdesks,
 * webhook receivers): 408 (the server gave up waiting for our request), 429 (rate limited, with
 * Retry-After), 502/503/504 (a gateway or the service itself is passing through an outage).
 * Every other status is permanent, 500 included: a 500 is the remote failing on this very request.
 * The 500s recorded from our systems are all like that (Dolibarr's duplicate keys and SQL errors,
 * RT's attachment-field fault, Znuny's unknown operation), so retrying one only hides the failure
 * for the length of a backoff; it fails at once, visibly, and can be replayed after the fix.
 * A receiver that is briefly down says so with 503.
 */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/** What a remote system answered, as far as choosing an error goes. */
export interface HttpAnswer {
  status: number;
  /** Its own words, from `remoteMessageOf`. */
  remoteMessage?: string;
  /** From `parseRetryAfter`; kept for a 429. */
  retryAfterMs?: number;
}

/** "RT GET /ticket/7 answered 404: Not Found" */
export function answeredMessage(label: string, site: CallSite, answer: HttpAnswer): string {
  return `${describeCall(label, site)} answered ${answer.status}${answer.remoteMessage ? `: ${answer.remoteMessage}` : ''}`;
}

/**
 * The typed error for a non-2xx answer. Callers handle their system's special answers first
 * (Dolibarr's SQL 503, Znuny's unknown-operation 500, ...) and leave the rest to this one rule.
 * `hint` tells an administrator what to check.
 */
export function errorForHttpStatus(label: string, site: CallSite, answer: HttpAnswer, hint?: string): IntegrationError {
  const { status, remoteMessage } = answer;
  const message = `${answeredMessage(label, site, answer)}${hint ? ` (${hint})` : ''}`;
  const details = { system: site.system, method: site.method, path: site.path, status, remoteMessage };
  if (status === 401) return new AuthError(message, details);
  if (status === 403) return new ForbiddenError(message, details);
  if (status === 404) return new NotFoundError(message, details);
  if (status === 408) return new TimeoutError(message, details);
  if (status === 429) return new RateLimitedError(message, { ...details, retryAfterMs: answer.retryAfterMs });
  if (status >= 500) return new ServerError(message, { ...details, transient: TRANSIENT_STATUSES.has(status) });
  return new InvalidRequestError(message, details);
}
