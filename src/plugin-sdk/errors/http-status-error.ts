import {
  AuthError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  type IntegrationError,
  type IntegrationErrorDetails,
} from './integration-error';

/**
 * The common reading of an HTTP error status; callers handle their system's special answers first.
 * A 500 is a fault or a refusal that retrying will not fix; 502/503/504 are passing.
 */
export function errorForHttpStatus(what: string, status: number, details: IntegrationErrorDetails): IntegrationError {
  if (status === 401) return new AuthError(what, details);
  if (status === 403) return new ForbiddenError(what, details);
  if (status === 404) return new NotFoundError(what, details);
  if (status === 429) return new RateLimitedError(what, details);
  if (status >= 500) return new ServerError(what, { ...details, transient: status !== 500 });
  return new InvalidRequestError(what, details);
}
