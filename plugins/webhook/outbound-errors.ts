import {
  AuthError,
  DuplicateError,
  ForbiddenError,
  IntegrationError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  ServerError,
  networkFailure,
} from '../../src/plugin-sdk/errors';

/** Where a delivery went: host and path only, since a URL's query or user info may hold credentials. */
export interface CallSite {
  system: string;
  method: 'POST';
  path: string;
  host: string;
}

export function callSite(system: string, url: string): CallSite {
  const u = new URL(url);
  return { system, method: 'POST', path: u.pathname, host: u.host };
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(header: unknown, now: Date): number | undefined {
  if (typeof header !== 'string' || !header.trim()) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** A receiver's status chosen into a typed error; only 408, 429 and 5xx are worth retrying. */
export function errorForStatus(site: CallSite, status: number, body: string, retryAfter?: number): IntegrationError {
  const remoteMessage = body.trim() ? body.trim().slice(0, 500) : undefined;
  const details = { system: site.system, method: site.method, path: site.path, status, remoteMessage };
  const what = `webhook receiver POST ${site.host}${site.path} answered ${status}${remoteMessage ? `: ${remoteMessage}` : ''}`;
  if (status === 401) return new AuthError(`${what} (does the receiver use the same shared secret?)`, details);
  if (status === 403) return new ForbiddenError(what, details);
  if (status === 404) return new NotFoundError(what, details);
  if (status === 408) return new TimeoutError(what, details);
  if (status === 409) return new DuplicateError(`${what} (receivers should answer 2xx to an event id they already have)`, details);
  if (status === 429) return new RateLimitedError(what, { ...details, retryAfterMs: retryAfter });
  if (status >= 500) return new ServerError(what, { ...details, transient: true });
  if (status >= 300 && status < 400) return new InvalidRequestError(`${what} (redirects are not followed: set outboundUrl to the final URL)`, details);
  return new InvalidRequestError(what, details);
}

/** No answer at all: a timeout, or no connection (refused, reset, DNS, TLS). Both are transient. */
export function errorForNetwork(site: CallSite, cause: unknown): IntegrationError {
  return networkFailure(`webhook receiver POST ${site.host}${site.path}`, { system: site.system, method: site.method, path: site.path }, cause);
}
