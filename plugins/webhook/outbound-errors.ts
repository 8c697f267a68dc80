import {
  answeredMessage,
  describeCall,
  DuplicateError,
  errorForHttpStatus,
  InvalidRequestError,
  networkFailure,
  remoteMessageOf,
  type CallSite,
  type IntegrationError,
} from '../../src/plugin-sdk';

const LABEL = 'webhook receiver';

const HINTS: Readonly<Record<number, string>> = { 401: 'does the receiver use the same shared secret?' };

/**
 * A receiver's answer as a typed error, by the SDK's one rule (408, 429, 502/503/504 transient),
 * plus what the webhook protocol gives a meaning of its own: 409 is a duplicate, and redirects are not followed.
 */
export function errorForStatus(site: CallSite, status: number, body: string, retryAfterMs?: number): IntegrationError {
  const answer = { status, remoteMessage: remoteMessageOf(body), retryAfterMs };
  const details = { system: site.system, method: site.method, path: site.path, status, remoteMessage: answer.remoteMessage };
  const what = answeredMessage(LABEL, site, answer);
  if (status === 409) return new DuplicateError(`${what} (receivers should answer 2xx to an event id they already have)`, details);
  if (status >= 300 && status < 400)
    return new InvalidRequestError(`${what} (redirects are not followed: set outboundUrl to the final URL)`, details);
  return errorForHttpStatus(LABEL, site, answer, HINTS[status]);
}

/** No answer at all: a timeout, or no connection (refused, reset, DNS, TLS). Both are transient. */
export function errorForNetwork(site: CallSite, cause: unknown): IntegrationError {
  return networkFailure(describeCall(LABEL, site), { system: site.system, method: site.method, path: site.path }, cause);
}
