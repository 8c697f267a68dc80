import {
  AuthError,
  describeCall,
  errorForHttpStatus,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  remoteMessageOf,
  SchemaError,
  ServerError,
  type CallSite,
  type IntegrationError,
} from '../../src/plugin-sdk';

export const LABEL = 'ProjeQtor';

/**
 * ProjeQtor's request-level error: `{"error":"invalid API query", "message":""..."" }`. The message is
 * JSON-encoded then quoted again, so the body is not JSON (recorded); it is recognised before JSON.parse.
 */
const REQUEST_ERROR = /^\s*\{\s*"error"\s*:\s*"([^"]*)"\s*,\s*"message"\s*:\s*"([\s\S]*)"\s*\}\s*$/;

/** The remote's words from a request-level error body, or undefined when the body is not one. */
export function requestErrorMessage(body: string): string | undefined {
  const m = REQUEST_ERROR.exec(body);
  if (!m) return undefined;
  const inner = m[2]!;
  let decoded: unknown;
  try {
    // The inner part is itself a JSON string ("user 'x' unknown in database" with \/ and \r\n escapes).
    decoded = JSON.parse(inner);
  } catch {
    decoded = undefined;
  }
  return remoteMessageOf(typeof decoded === 'string' ? decoded : inner.replace(/^"|"$/g, '')) ?? m[1];
}

const USER_PROBLEM = /user '.*' (unknown in database|disabled)/;
const WRONG_KEY = /Request for correct API KEY/;

/** The typed error for a request-level error: user and key problems are credentials, the rest a bad request. */
export function errorForRequestError(site: CallSite, message: string, user: string): IntegrationError {
  const what = describeCall(LABEL, site);
  const details = { ...site, status: 200, remoteMessage: message };
  if (USER_PROBLEM.test(message)) {
    return new AuthError(`${what}: ${message} (check the ProjeQtor user "${user}": it must exist, be unlocked and not idle)`, details);
  }
  if (WRONG_KEY.test(message)) {
    return new AuthError(
      `${what}: ${message} (the API key of user "${user}" or aesBits does not match the server: copy the key from the user's screen, check $aesKeyLength)`,
      details,
    );
  }
  return new InvalidRequestError(`${what}: ${message}`, details);
}

/** A write item's apiResult other than OK / NO_CHANGE, with its HTML-stripped message. */
export function errorForApiResult(site: CallSite, apiResult: string, rawMessage: string, user: string, projectId: number): IntegrationError {
  const message = remoteMessageOf(rawMessage) ?? apiResult;
  const what = `${describeCall(LABEL, site)} ${apiResult}: ${message}`;
  const details = { ...site, status: 200, remoteMessage: message };
  if (apiResult === 'INVALID' && /you don't have rights/.test(message)) {
    // A missing or unknown project is reported the same way (recorded).
    return new ForbiddenError(
      `${what} (user "${user}" must be allocated to project ${projectId} with a profile that may create and update tickets)`,
      details,
    );
  }
  if (apiResult === 'INVALID') return new InvalidRequestError(what, details);
  if (/has not been found in database/.test(message)) return new NotFoundError(what, details);
  return new ServerError(what, { ...details, transient: false });
}

/** A 200 body that is neither JSON nor a request error: a PHP warning or a truncated answer (recorded on DELETE). */
export function notJson(site: CallSite, body: string): SchemaError {
  const text = remoteMessageOf(body);
  return new SchemaError(`${describeCall(LABEL, site)} answered something that is not JSON${text ? `: ${text}` : ''}`, {
    ...site,
    status: 200,
    remoteMessage: text,
    field: '(root)',
  });
}

/** Answers from the web server in front of ProjeQtor (which itself always answers 200). */
export function errorForWebStatus(site: CallSite, status: number, body: string, envPassword: string): IntegrationError {
  const answer = { status, remoteMessage: remoteMessageOf(body) };
  if (status === 401 || status === 403) {
    const base = errorForHttpStatus(
      LABEL,
      site,
      answer,
      `the web server's Basic auth in front of /api/ refused the user: check the user and ${envPassword}`,
    );
    return new AuthError(base.message, { ...site, status, remoteMessage: answer.remoteMessage });
  }
  return errorForHttpStatus(LABEL, site, answer);
}
