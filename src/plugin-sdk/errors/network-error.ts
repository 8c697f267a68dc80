import { ConnectionError, TimeoutError, type IntegrationError, type IntegrationErrorDetails } from './integration-error';

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** The Node/axios error code of a failed request ('' when none). */
export function networkErrorCode(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * A request that got no HTTP answer at all: a timeout, or no connection (refused, reset, DNS, closed).
 * Both are transient. `what` names the call for people ("RT GET /ticket/1"); `hint` says what to check.
 */
export function networkFailure(what: string, details: Omit<IntegrationErrorDetails, 'cause'>, cause: unknown, hint?: string): IntegrationError {
  const code = networkErrorCode(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  if (TIMEOUT_CODES.has(code)) return new TimeoutError(`${what} timed out: ${message}`, { ...details, cause });
  return new ConnectionError(
    `${what} ${hint ? `closed the connection with no answer (${code || message}): ${hint}` : `unreachable (${code || 'network error'}): ${message}`}`,
    { ...details, cause },
  );
}
