import {
  answeredMessage,
  describeCall,
  errorForHttpStatus,
  InvalidRequestError,
  networkFailure,
  parseRetryAfter,
  RateLimitedError,
  remoteMessageOf,
  ServerError,
  type CallSite,
  type IntegrationError,
} from '../../src/plugin-sdk';

/** The documented rate-limit headers, as far as the bridge uses them. */
export interface RateLimitHeaders {
  retryAfter?: string;
  reset?: string;
  reason?: string;
}

const HINTS: Readonly<Record<number, string>> = { 401: 'check the account e-mail and API token' };

/**
 * Jira's two error bodies: platform `{errorMessages: [], errors: {field: message}}` and servicedeskapi
 * `{errorMessage, i18nErrorMessage}`; the field messages matter (a custom field not on the screen).
 */
function jiraMessageOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return remoteMessageOf(body);
  const b = body as { errorMessages?: unknown; errors?: unknown; errorMessage?: unknown };
  const parts: string[] = [];
  if (typeof b.errorMessage === 'string') parts.push(b.errorMessage);
  if (Array.isArray(b.errorMessages)) parts.push(...b.errorMessages.filter((m): m is string => typeof m === 'string'));
  if (b.errors && typeof b.errors === 'object') {
    for (const [field, message] of Object.entries(b.errors as Record<string, unknown>)) parts.push(`${field}: ${String(message)}`);
  }
  return parts.length ? parts.join('; ').slice(0, 500) : remoteMessageOf(body);
}

/**
 * Wait asked by Jira: `Retry-After` (seconds), else `X-RateLimit-Reset` (ISO 8601 to the minute) from now.
 * Both come on 429 and on some 503.
 */
function retryAfterMs(headers: RateLimitHeaders, now: Date): number | undefined {
  const wait = parseRetryAfter(headers.retryAfter, now);
  if (wait !== undefined) return wait;
  const reset = headers.reset ? Date.parse(headers.reset) : NaN;
  return Number.isFinite(reset) ? Math.max(0, reset - now.getTime()) : undefined;
}

/** A Jira HTTP status and body as a typed error. */
export function errorForStatus(site: CallSite, status: number, body: unknown, limits: RateLimitHeaders, now: Date): IntegrationError {
  const answer = { status, remoteMessage: jiraMessageOf(body), retryAfterMs: retryAfterMs(limits, now) };
  const details = { ...site, status, remoteMessage: answer.remoteMessage, retryAfterMs: answer.retryAfterMs };
  if (status === 429) {
    // The reason tells which budget ran out: one endpoint (burst), one issue's writes, or the tenant's quota.
    return new RateLimitedError(`${answeredMessage('Jira', site, answer)}${limits.reason ? ` (${limits.reason})` : ''}`, details);
  }
  // A conflicting update (concurrent transition) may pass on a later try.
  if (status === 409)
    return new InvalidRequestError(`${answeredMessage('Jira', site, answer)} (conflicting update)`, { ...details, transient: true });
  if (status === 503 && answer.retryAfterMs !== undefined)
    return new ServerError(answeredMessage('Jira', site, answer), { ...details, transient: true });
  return errorForHttpStatus('Jira', site, answer, HINTS[status]);
}

export function errorForNetwork(site: CallSite, cause: unknown): IntegrationError {
  return networkFailure(describeCall('Jira', site), site, cause);
}
