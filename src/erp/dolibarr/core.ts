import type { z } from 'zod';
import { NotFoundError, parseAnswer, RateLimitedError, SchemaError } from '../../plugin-sdk';
import type { Logger } from '../../logging/logger';
import { apiModuleDisabledError, errorFromResponse, SYSTEM } from './error-mapping';
import { assertPassesFirewall, RefusedValueError } from './firewall';
import { type HttpMethod, type HttpTransport, type QueryValue, wasNotSent } from './http-transport';
import type { AdaptiveLimiter } from './limiter';
import type { StreamBody } from '../../plugin-sdk';
import { paginate } from './pagination';
import { type CallRetryPolicy, retryDelayMs } from './retry-policy';

/**
 * - `idempotent`: repeating it cannot do harm (GET, PUT of fields): every transient error is retried.
 * - `unsent-only`: creates and actions: retried only when Dolibarr certainly never received it
 *   (429, connection refused), because a timeout or 5xx may hide a success.
 */
type RetryMode = 'idempotent' | 'unsent-only';

export interface CallSpec<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  stream?: StreamBody;
  maxResponseBytes?: number;
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  retry?: RetryMode;
  /** Statuses that mean success with an empty body (304 "already closed"). */
  acceptStatuses?: number[];
}

export interface CoreDeps {
  transport: HttpTransport;
  limiter: AdaptiveLimiter;
  policy: CallRetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger: Logger;
  caller: string;
  /** Told of every HTTP attempt (metrics): its endpoint without ids or looked-up values, and the status or `failed`. */
  onCall?: (call: DolibarrCall) => void;
}

export interface DolibarrCall {
  method: string;
  endpoint: string;
  status: number | 'failed';
}

/** Every Dolibarr call goes through here: limits, retries, error mapping and response parsing. */
export class DolibarrCore {
  constructor(readonly deps: CoreDeps) {}

  get caller(): string {
    return this.deps.caller;
  }

  async call<T>(spec: CallSpec<T>): Promise<T | undefined> {
    const mode = spec.retry ?? (spec.method === 'GET' || spec.method === 'PUT' ? 'idempotent' : 'unsent-only');
    // Checked before the call: Dolibarr's firewall answers such a request 403, as if the key lacked rights.
    assertPassesFirewall(spec.method, spec.path, plainQuery(spec.query), endpointTemplate(spec.path));
    for (let retriesDone = 0; ; retriesDone += 1) {
      try {
        return await this.deps.limiter.run(() => this.once(spec), `${spec.method} ${endpointTemplate(spec.path)}`);
      } catch (err) {
        const retryable = mode === 'idempotent' || isUnsent(err);
        const delay = retryable ? retryDelayMs(err, retriesDone, this.deps.policy, this.deps.random) : null;
        if (delay === null) throw err;
        this.deps.logger.warn('dolibarr call retried', {
          method: spec.method,
          path: spec.path,
          retry: retriesDone + 1,
          delayMs: delay,
          error: (err as Error).message,
        });
        await this.deps.sleep(delay);
      }
    }
  }

  /** A call whose success always has a body. */
  async get<T>(spec: CallSpec<T>): Promise<T> {
    const value = await this.call(spec);
    if (value === undefined) throw this.schemaError(spec, '(root)', 'empty body');
    return value;
  }

  /** 404 → null, for lookups that may find nothing; so is a value Dolibarr would refuse (nothing can match it). */
  async find<T>(spec: CallSpec<T>): Promise<T | null> {
    try {
      return await this.get(spec);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      if (err instanceof RefusedValueError) {
        this.refused(err);
        return null;
      }
      throw err;
    }
  }

  /** Logs a look-up answered "not found" without a call (the value itself is not logged: it is customer data). */
  refused(err: RefusedValueError): void {
    this.deps.logger.warn('dolibarr look-up not sent: value refused by Dolibarr rules, treated as not found', { path: err.path, rule: err.rule });
  }

  /** All pages of a list endpoint (0-based `page`, `limit`), parsed item by item. */
  list<T>(spec: CallSpec<T[]>, pageSize: number, notFoundIsEmpty = false): AsyncIterable<T> {
    return paginate(async (page, limit) => {
      const pageSpec = { ...spec, query: { ...spec.query, limit, page } };
      if (!notFoundIsEmpty) return this.get(pageSpec);
      try {
        return await this.get(pageSpec);
      } catch (err) {
        if (err instanceof NotFoundError) return [];
        throw err;
      }
    }, pageSize);
  }

  private async once<T>(spec: CallSpec<T>): Promise<T | undefined> {
    const ctx = { method: spec.method, path: spec.path };
    const observe = this.deps.onCall;
    const endpoint = observe ? endpointTemplate(spec.path).replace(/\/(ref|track_id|login|email)\/[^/]+/, '/$1/{value}') : '';
    let res: Awaited<ReturnType<HttpTransport['send']>>;
    try {
      res = await this.deps.transport.send({
        method: spec.method,
        path: spec.path,
        query: spec.query,
        body: spec.body,
        stream: spec.stream,
        maxResponseBytes: spec.maxResponseBytes,
      });
    } catch (err) {
      observe?.({ method: spec.method, endpoint, status: 'failed' });
      throw err;
    }
    observe?.({ method: spec.method, endpoint, status: res.status });
    if (spec.acceptStatuses?.includes(res.status)) return undefined;
    if (res.status < 200 || res.status >= 300) {
      throw errorFromResponse(ctx, res.status, res.body, res.retryAfter, Date.now());
    }
    const disabled = apiModuleDisabledError(ctx, res.status, res.body);
    if (disabled) throw disabled;
    if (res.body.kind === 'empty') return undefined;
    const value = res.body.kind === 'json' ? res.body.value : res.body.text;
    return parseAnswer(spec.schema, value, endpointName(spec), { system: SYSTEM, method: spec.method, path: spec.path });
  }

  private schemaError(spec: CallSpec<unknown>, field: string, detail: string): SchemaError {
    return new SchemaError(`${endpointName(spec)}: unexpected shape (${detail})`, { system: SYSTEM, method: spec.method, path: spec.path, field });
  }
}

/** The query string as Dolibarr's firewall reads it: url-decoded, keys and values. */
function plainQuery(query: CallSpec<unknown>['query']): string {
  if (!query) return '';
  return Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
}

function isUnsent(err: unknown): boolean {
  return wasNotSent(err) || err instanceof RateLimitedError;
}

/** "Dolibarr GET /tickets/{id}": schema errors name the endpoint, not one object. */
function endpointName(spec: CallSpec<unknown>): string {
  return `Dolibarr ${spec.method} ${endpointTemplate(spec.path)}`;
}

/** "/tickets/12/lines" → "/tickets/{id}/lines" */
function endpointTemplate(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, '/{id}');
}
