import {
  AuthError,
  errorForHttpStatus,
  ForbiddenError,
  IntegrationError,
  networkFailure,
  type IntegrationErrorDetails,
} from '../../src/plugin-sdk/errors';

/** Where an RT call went, for error details (never the token: it travels in a header). */
export interface CallSite {
  system: string;
  method: string;
  path: string;
}

/** RT answers errors as `{"message": "..."}`; 500s come with an empty body. */
export function remoteMessageOf(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'message' in body && typeof (body as { message: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  if (Array.isArray(body) && body.every((m) => typeof m === 'string')) return body.join('; ');
  return typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : undefined;
}

/** RT's wording for refusals for lack of rights, whatever the HTTP status. */
export const PERMISSION = /permission denied|no permission/i;

/** Maps an RT HTTP status to a typed error. 412 (If-Match) and 415/406 are our mistakes, hence invalid. */
export function errorForStatus(site: CallSite, status: number, body: unknown, retryAfterMs?: number): IntegrationError {
  const remoteMessage = remoteMessageOf(body);
  const details: IntegrationErrorDetails = { ...site, status, remoteMessage, retryAfterMs };
  const what = `RT ${site.method} ${site.path} answered ${status}${remoteMessage ? `: ${remoteMessage}` : ''}`;
  if (status === 401) return new AuthError(`${what} (check the token of the RT API user)`, details);
  // RT answers a comment or reply the user may not write with 400 "Permission Denied".
  if (status === 403 || (remoteMessage && PERMISSION.test(remoteMessage))) return new ForbiddenError(what, details);
  return errorForHttpStatus(what, status, details);
}

/** Network failures: no answer at all. */
export function errorForNetwork(site: CallSite, cause: unknown): IntegrationError {
  return networkFailure(`RT ${site.method} ${site.path}`, site, cause);
}
