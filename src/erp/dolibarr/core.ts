import type { z } from 'zod';
import { NotFoundError, parseAnswer, RateLimitedError, SchemaError } from '../../plugin-sdk';
import type { Logger } from '../../logging/logger';
import { apiModuleDisabledError, errorFromResponse, SYSTEM } from './error-mapping';
import { type HttpMethod, type HttpTransport, type QueryValue, wasNotSent } from './http-transport';
import type { AdaptiveLimiter } from './limiter';
import type { StreamBody } from './base64-json-body';
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
}

/** Every Dolibarr call goes through here: limits, retries, error mapping and response parsing. */
export class DolibarrCore {
  constructor(readonly deps: CoreDeps) {}

  get caller(): string {
    return this.deps.caller;
  }

  async call<T>(spec: CallSpec<T>): Promise<T | undefined> {
    const mode = spec.retry ?? (spec.method === 'GET' || spec.method === 'PUT' ? 'idempotent' : 'unsent-only');
    for (let retriesDone = 0; ; retriesDone += 1) {
      try {
        return await this.deps.limiter.run(() => this.once(spec), `${spec.method} ${endpointTemplate(spec.path)}`);
      } catch (err) {
        const retryable = mode === 'idempotent' || isUnsent(err);
        const delay = retryable ? retryDelayMs(err, retriesDone, this.deps.policy, this.deps.random) : null;
        if (delay === null) throw err;
        this.deps.logger.warn('dolibarr call retried', { method: spec.method, path: spec.path, retry: retriesDone + 1, delayMs: delay, error: (err as Error).message });
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

  /** 404 → null, for lookups that may find nothing. */
  async find<T>(spec: CallSpec<T>): Promise<T | null> {
    try {
      return await this.get(spec);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }

  /** All pages of a list endpoint (0-based `page`, `limit`), parsed item by item. */
  list<T>(spec: CallSpec<T[]>, pageSize: number, notFoundIsEmpty = false): AsyncIterable<T> {
    return paginate(async (page, limit) => {
      const pageSpec = { ...spec, query: { ...spec.query, limit, page } };
      if (!notFoundIsEmpty) return this.get(pageSpec);
      return (await this.find(pageSpec)) ?? [];
    }, pageSize);
  }

  private async once<T>(spec: CallSpec<T>): Promise<T | undefined> {
    const ctx = { method: spec.method, path: spec.path };
    const res = await this.deps.transport.send({ method: spec.method, path: spec.path, query: spec.query, body: spec.body, stream: spec.stream, maxResponseBytes: spec.maxResponseBytes });
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
