import {
  answeredMessage,
  DuplicateError,
  errorForHttpStatus,
  ForbiddenError,
  InvalidRequestError,
  parseRetryAfter,
  remoteMessageOf,
  ServerError,
  TRANSIENT_STATUSES,
  type IntegrationError,
} from '../../plugin-sdk';
import { bodyValue, type ParsedBody } from './response-body';

export const SYSTEM = 'dolibarr';
const LABEL = 'Dolibarr';

export interface CallContext {
  method: string;
  /** Path without query string: queries may hold customer data, never the key (sent as a header). */
  path: string;
}

/** Dolibarr answers 503 for SQL errors; retrying those cannot help. */
const SQL_ERROR = /Error when retrieve|Unknown column|SQL syntax|Table .* doesn't exist/i;
const DUPLICATE = /Duplicate entry/i;

/** A value the bridge does not send because Dolibarr would refuse it (firewall, filter syntax, e-mail format). */
export class RefusedValueError extends InvalidRequestError {
  constructor(
    readonly rule: string,
    where: { method: string; path: string; status?: number; remoteMessage?: string },
  ) {
    super(`Dolibarr ${where.method} ${where.path}: value refused (${rule})`, { system: SYSTEM, ...where });
  }
}

// The firewall's 403 page (HTML); a rule firewall.ts does not know yet still reads as a refused value.
const FIREWALL_PAGE = /SQL or Script injection protection/i;

/**
 * Maps a non-2xx Dolibarr response to its typed error: Dolibarr's own answers first (304 "already
 * done", 500 "Duplicate entry", SQL errors behind 502/503/504), then the SDK's one rule.
 */
export function errorFromResponse(
  ctx: CallContext,
  status: number,
  body: ParsedBody,
  retryAfterHeader: string | undefined,
  nowMs: number,
): IntegrationError {
  const site = { system: SYSTEM, method: ctx.method, path: ctx.path };
  const answer = { status, remoteMessage: remoteMessageOf(bodyValue(body)), retryAfterMs: parseRetryAfter(retryAfterHeader, nowMs) };
  const { remoteMessage } = answer;
  const message = answeredMessage(LABEL, site, answer);
  const details = { ...site, status, remoteMessage };
  if (status === 403 && remoteMessage !== undefined && FIREWALL_PAGE.test(remoteMessage)) {
    return new RefusedValueError("answered 403 by Dolibarr's injection firewall", { method: ctx.method, path: ctx.path, status });
  }
  if (status === 500 && remoteMessage && DUPLICATE.test(remoteMessage)) return new DuplicateError(message, details);
  if (TRANSIENT_STATUSES.has(status) && status >= 500 && remoteMessage && SQL_ERROR.test(remoteMessage)) {
    return new ServerError(message, { ...details, transient: false });
  }
  if (status === 304) return new InvalidRequestError(`${message} (not modified: the object is already in that state)`, details);
  return errorForHttpStatus(LABEL, site, answer);
}

/** The whole API module off: Dolibarr answers 200 text/html "Module <b>Api</b> must be enabled.". */
export function apiModuleDisabledError(ctx: CallContext, status: number, body: ParsedBody): ForbiddenError | undefined {
  if (body.kind !== 'text' || !/must be enabled/i.test(body.text)) return undefined;
  return new ForbiddenError(`Dolibarr ${ctx.method} ${ctx.path}: the Dolibarr "API REST" module is disabled; enable it in Home > Setup > Modules`, {
    system: SYSTEM,
    method: ctx.method,
    path: ctx.path,
    status,
    remoteMessage: remoteMessageOf(bodyValue(body)),
  });
}
