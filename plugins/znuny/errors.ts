import {
  answeredMessage,
  AuthError,
  describeCall,
  errorForHttpStatus,
  ForbiddenError,
  InvalidRequestError,
  networkErrorCode,
  networkFailure,
  NotFoundError,
  remoteMessageOf,
  ServerError,
  type CallSite as SdkCallSite,
  type IntegrationError,
  type IntegrationErrorDetails,
} from '../../src/plugin-sdk';

/** Where a call went, and which web service operation it was. */
export interface CallSite extends SdkCallSite {
  operation: string;
}

/**
 * Znuny checks an article's From with its e-mail check, which by default (SysConfig CheckMXRecord) also asks DNS for
 * the domain's mail server (12_ticketupdate_error_from_without_mx_record): a well-formed address can still be refused.
 */
const FROM_HINT =
  'check settings.agentFromAddress: Znuny refuses a From whose domain has no mail server it can resolve, unless its SysConfig CheckMXRecord is off';

/** Operations that name one ticket: their AccessDenied also means "no such ticket". */
const TICKET_OPERATIONS = new Set(['TicketGet', 'TicketUpdate', 'TicketHistoryGet']);

/**
 * Znuny reports operation errors inside HTTP 200 bodies as {"Error":{"ErrorCode":"<Op>.<Code>"}}.
 * Match on the code: messages carry typos.
 */
export function errorForCode(site: CallSite, code: string, message: string): IntegrationError {
  const details: IntegrationErrorDetails = { ...site, status: 200, remoteMessage: message };
  const what = `Znuny ${site.operation} failed with ${code}: ${message}`;
  const suffix = code.slice(code.lastIndexOf('.') + 1);
  switch (suffix) {
    case 'AuthFail':
    case 'SessionInvalid':
      return new AuthError(`${what} (check userLogin and the password secret)`, details);
    case 'AccessDenied':
      // A missing ticket and a forbidden one give the same code; without rights on every queue we cannot tell.
      return TICKET_OPERATIONS.has(site.operation)
        ? new NotFoundError(`${what} (the ticket does not exist, or the agent has no rights on its queue)`, details)
        : new ForbiddenError(what, details);
    case 'NoPermission':
      return new ForbiddenError(`${what} (check the agent's groups)`, details);
    case 'MissingParameter':
      return new InvalidRequestError(what, details);
    case 'InvalidParameter':
      return new InvalidRequestError(/Article->From parameter/.test(message) ? `${what} (${FROM_HINT})` : what, details);
    default:
      return new ServerError(what, { ...details, transient: false });
  }
}

/** Transport errors: HTTP status with a text/plain body. */
export function errorForStatus(site: CallSite, status: number, text: string): IntegrationError {
  const answer = { status, remoteMessage: remoteMessageOf(text) };
  const { remoteMessage } = answer;
  const details: IntegrationErrorDetails = { ...site, status, remoteMessage };
  if (status === 500 && remoteMessage?.includes('determine Operation')) {
    const hint = 'the route is not in the web service: check settings.routes against its provider operations';
    return new InvalidRequestError(`${answeredMessage('Znuny', site, answer)} (${hint})`, details);
  }
  if (status === 500 && /decoding request content|Unsupported request content/.test(remoteMessage ?? '')) {
    return new InvalidRequestError(answeredMessage('Znuny', site, answer), details);
  }
  return errorForHttpStatus('Znuny', site, answer, status === 404 ? 'check baseUrl' : undefined);
}

/** No HTTP answer. Znuny closes the connection without one when the web service name is unknown. */
export function errorForNetwork(site: CallSite, cause: unknown): IntegrationError {
  const hint = networkErrorCode(cause) === 'ECONNREFUSED' ? 'check baseUrl' : 'if this persists, check the web service name in baseUrl';
  return networkFailure(describeCall('Znuny', site), site, cause, hint);
}
