import {
  AuthError,
  errorForHttpStatus,
  InvalidRequestError,
  networkFailure,
  RateLimitedError,
  ServerError,
  type IntegrationError,
  type IntegrationErrorDetails,
} from '../../src/errors';

/** Where a Jira call went, for error details (never the token: it travels in a header). */
export interface CallSite {
  system: string;
  method: string;
  path: string;
}

/** The documented rate-limit headers, as far as the bridge uses them. */
export interface RateLimitHeaders {
  retryAfter?: string;
  reset?: string;
  reason?: string;
}

/**
 * Jira's two error bodies: platform `{errorMessages: [], errors: {field: message}}` and
 * servicedeskapi `{errorMessage, i18nErrorMessage}`.
 */
export function remoteMessageOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : undefined;
  const b = body as { errorMessages?: unknown; errors?: unknown; errorMessage?: unknown };
  const parts: string[] = [];
  if (typeof b.errorMessage === 'string') parts.push(b.errorMessage);
  if (Array.isArray(b.errorMessages)) parts.push(...b.errorMessages.filter((m): m is string => typeof m === 'string'));
  if (b.errors && typeof b.errors === 'object') {
    for (const [field, message] of Object.entries(b.errors as Record<string, unknown>)) parts.push(`${field}: ${String(message)}`);
  }
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * Wait asked by Jira: `Retry-After` in seconds, else `X-RateLimit-Reset` (ISO 8601 to the minute) from now.
 * Both come on 429 and on some 503.
 */
export function retryAfterMs(headers: RateLimitHeaders, now: Date): number | undefined {
  const seconds = Number(headers.retryAfter);
  if (headers.retryAfter !== undefined && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const reset = headers.reset ? Date.parse(headers.reset) : NaN;
  return Number.isFinite(reset) ? Math.max(0, reset - now.getTime()) : undefined;
}

/** A Jira HTTP status and body as a typed error. */
export function errorForStatus(site: CallSite, status: number, body: unknown, limits: RateLimitHeaders, now: Date): IntegrationError {
  const remoteMessage = remoteMessageOf(body);
  const wait = retryAfterMs(limits, now);
  const details: IntegrationErrorDetails = { ...site, status, remoteMessage, retryAfterMs: wait };
  const what = `Jira ${site.method} ${site.path} answered ${status}${remoteMessage ? `: ${remoteMessage}` : ''}`;
  if (status === 401) return new AuthError(`${what} (check the account e-mail and API token)`, details);
  if (status === 429) {
    // The reason tells which budget ran out: one endpoint (burst), one issue's writes, or the tenant's quota.
    return new RateLimitedError(`${what}${limits.reason ? ` (${limits.reason})` : ''}`, details);
  }
  // A conflicting update (concurrent transition) may pass on a later try.
  if (status === 409) return new InvalidRequestError(`${what} (conflicting update)`, { ...details, transient: true });
  if (status === 503 && wait !== undefined) return new ServerError(what, { ...details, transient: true });
  return errorForHttpStatus(what, status, details);
}

export function errorForNetwork(site: CallSite, cause: unknown): IntegrationError {
  return networkFailure(`Jira ${site.method} ${site.path}`, site, cause);
}
