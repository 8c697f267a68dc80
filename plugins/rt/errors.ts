import {
  answeredMessage,
  errorForHttpStatus,
  ForbiddenError,
  networkFailure,
  remoteMessageOf,
  describeCall,
  type CallSite,
  type IntegrationError,
} from '../../src/plugin-sdk';

/** RT's wording for refusals for lack of rights, whatever the HTTP status. */
export const PERMISSION = /permission denied|no permission/i;

const HINTS: Readonly<Record<number, string>> = { 401: 'check the token of the RT API user' };

/**
 * Maps an RT error answer (`{"message": "..."}`; 500s come with an empty body) to a typed error.
 * 412 (If-Match) and 415/406 are our mistakes, hence invalid, as the shared rule says.
 */
export function errorForStatus(site: CallSite, status: number, body: unknown, retryAfterMs?: number): IntegrationError {
  const answer = { status, remoteMessage: remoteMessageOf(body), retryAfterMs };
  // RT answers a comment or reply the user may not write with 400 "Permission Denied".
  if (status !== 401 && answer.remoteMessage && PERMISSION.test(answer.remoteMessage)) {
    return new ForbiddenError(answeredMessage('RT', site, answer), { ...site, status, remoteMessage: answer.remoteMessage });
  }
  return errorForHttpStatus('RT', site, answer, HINTS[status]);
}

/** Network failures: no answer at all. */
export function errorForNetwork(site: CallSite, cause: unknown): IntegrationError {
  return networkFailure(describeCall('RT', site), site, cause);
}
