/**
 * Errors raised when talking to a remote system (Dolibarr or a helpdesk).
 * The kind, not the HTTP status, drives behaviour: helpdesks report errors
 * inside 200 bodies, Dolibarr uses 503 for SQL errors and 304 for "already done".
 */
export type ErrorKind =
  'auth' | 'forbidden' | 'not_found' | 'invalid' | 'duplicate' | 'rate_limited' | 'server' | 'connection' | 'timeout' | 'schema';

const TRANSIENT: ReadonlySet<ErrorKind> = new Set(['rate_limited', 'connection', 'timeout']);

export interface IntegrationErrorDetails {
  /** Which remote system failed: "dolibarr", or the helpdeskId of the helpdesk (not only helpdesks, hence not named helpdeskId). */
  system: string;
  method: string;
  /** Request path without query secrets. */
  path: string;
  status?: number;
  /** The remote system's own message, as it gave it. */
  remoteMessage?: string;
  /** For rate limits: how long the remote asked us to wait. */
  retryAfterMs?: number;
  /** Server errors that are known to be temporary (502/503/504 without a DB error). */
  transient?: boolean;
  /** For schema errors: the offending field path. */
  field?: string;
  cause?: unknown;
}

export class IntegrationError extends Error {
  readonly kind: ErrorKind;
  readonly system: string;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly remoteMessage?: string;
  readonly retryAfterMs?: number;
  readonly field?: string;
  private readonly transientOverride?: boolean;

  constructor(kind: ErrorKind, message: string, details: IntegrationErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.system = details.system;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.remoteMessage = details.remoteMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.field = details.field;
    this.transientOverride = details.transient;
  }

  /** True when retrying the same call later may succeed. */
  get transient(): boolean {
    return this.transientOverride ?? TRANSIENT.has(this.kind);
  }

  /** A plain object for structured logs (never contains credentials). */
  toLog(): Record<string, unknown> {
    return {
      kind: this.kind,
      system: this.system,
      method: this.method,
      path: this.path,
      status: this.status,
      remoteMessage: this.remoteMessage,
      field: this.field,
      transient: this.transient,
    };
  }
}

function kindClass(kind: ErrorKind) {
  return class extends IntegrationError {
    constructor(message: string, details: IntegrationErrorDetails) {
      super(kind, message, details);
    }
  };
}

export class AuthError extends kindClass('auth') {}
export class ForbiddenError extends kindClass('forbidden') {}
export class NotFoundError extends kindClass('not_found') {}
export class InvalidRequestError extends kindClass('invalid') {}
export class DuplicateError extends kindClass('duplicate') {}
export class RateLimitedError extends kindClass('rate_limited') {}
export class ServerError extends kindClass('server') {}
export class ConnectionError extends kindClass('connection') {}
export class TimeoutError extends kindClass('timeout') {}
export class SchemaError extends kindClass('schema') {}

export function isIntegrationError(err: unknown): err is IntegrationError {
  return err instanceof IntegrationError;
}
