import {
  AuthError,
  DuplicateError,
  ForbiddenError,
  IntegrationError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  ServerError,
} from '../../errors';
import { type ParsedBody, remoteMessageOf } from './response-body';

export const SYSTEM = 'dolibarr';

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

/** Maps a non-2xx Dolibarr response to its typed error. */
export function errorFromResponse(
  ctx: CallContext,
  status: number,
  body: ParsedBody,
  retryAfterHeader: string | undefined,
  nowMs: number,
): IntegrationError {
  const remoteMessage = remoteMessageOf(body);
  const details = { system: SYSTEM, method: ctx.method, path: ctx.path, status, remoteMessage };
  const message = `Dolibarr ${ctx.method} ${ctx.path} answered ${status}${remoteMessage ? `: ${remoteMessage}` : ''}`;
  if (status === 401) return new AuthError(message, details);
  if (status === 403 && remoteMessage !== undefined && FIREWALL_PAGE.test(remoteMessage)) {
    return new RefusedValueError('answered 403 by Dolibarr\'s injection firewall', { method: ctx.method, path: ctx.path, status });
  }
  if (status === 403) return new ForbiddenError(message, details);
  if (status === 404) return new NotFoundError(message, details);
  if (status === 429) {
    return new RateLimitedError(message, { ...details, retryAfterMs: parseRetryAfter(retryAfterHeader, nowMs) });
  }
  if (status === 500 && remoteMessage && DUPLICATE.test(remoteMessage)) return new DuplicateError(message, details);
  if (status === 502 || status === 503 || status === 504) {
    const sqlError = remoteMessage !== undefined && SQL_ERROR.test(remoteMessage);
    return new ServerError(message, { ...details, transient: !sqlError });
  }
  if (status >= 500) return new ServerError(message, details);
  if (status === 304) {
    return new InvalidRequestError(`${message} (not modified: the object is already in that state)`, details);
  }
  return new InvalidRequestError(message, details);
}

/** The whole API module off: Dolibarr answers 200 text/html "Module <b>Api</b> must be enabled.". */
export function apiModuleDisabledError(ctx: CallContext, status: number, body: ParsedBody): ForbiddenError | undefined {
  if (body.kind !== 'text' || !/must be enabled/i.test(body.text)) return undefined;
  return new ForbiddenError(
    `Dolibarr ${ctx.method} ${ctx.path}: the Dolibarr "API REST" module is disabled; enable it in Home > Setup > Modules`,
    { system: SYSTEM, method: ctx.method, path: ctx.path, status, remoteMessage: remoteMessageOf(body) },
  );
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
