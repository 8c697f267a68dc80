import axios, { type AxiosInstance, isAxiosError } from 'axios';
import type { Logger } from '../../logging/logger';
import { registerSecret, ConnectionError, FileTooLargeError, TimeoutError } from '../../plugin-sdk';
import type { StreamBody } from './base64-json-body';
import { type CallContext, SYSTEM } from './error-mapping';
import { type ParsedBody, parseBody } from './response-body';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  method: HttpMethod;
  /** Path under the API root, e.g. "/tickets/2". */
  path: string;
  query?: Record<string, QueryValue>;
  /** Omitted for action endpoints: sent as an empty JSON request (a literal {} is rejected there). */
  body?: unknown;
  /** A JSON body too big to build as one string (uploads); replaces `body`. */
  stream?: StreamBody;
  /** Refuse a bigger answer instead of reading it (downloads). */
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  retryAfter?: string;
  body: ParsedBody;
}

export interface TransportConfig {
  url: string;
  apiKey: string;
  timeoutMs: number;
}

/** Connection failures where the request certainly never reached Dolibarr (safe to resend a write). */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

/** One HTTP exchange with Dolibarr: auth header, timing, debug log. Never throws for an HTTP status. */
export class HttpTransport {
  private readonly http: AxiosInstance;

  constructor(
    config: TransportConfig,
    private readonly logger: Logger,
  ) {
    registerSecret(config.apiKey);
    this.http = axios.create({
      baseURL: config.url.replace(/\/+$/, ''),
      timeout: config.timeoutMs,
      headers: { DOLAPIKEY: config.apiKey, Accept: 'application/json' },
      // Read as text and parse ourselves: bodies may carry an HTML preamble or be empty.
      responseType: 'text',
      // Bodies are serialised here; axios' default would turn an empty body into '""'.
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const ctx: CallContext = { method: req.method, path: req.path };
    const started = process.hrtime.bigint();
    try {
      const res = await this.http.request<string>({
        method: req.method,
        url: req.path + queryString(req.query),
        data: req.stream ? req.stream.open() : requestData(req),
        headers: {
          // A write's answer is an id or one object: Dolibarr gzipping it and us inflating it cost more CPU on both
          // sides than the bytes saved. Reads, which may be long lists, stay compressed.
          ...(req.method === 'GET' ? {} : { 'Accept-Encoding': 'identity' }),
          ...(hasEntity(req.method) ? { 'Content-Type': 'application/json' } : {}),
          ...(req.stream ? { 'Content-Length': String(req.stream.length) } : {}),
        },
        ...(req.maxResponseBytes === undefined ? {} : { maxContentLength: req.maxResponseBytes }),
      });
      const ms = elapsedMs(started);
      this.logger.debug('dolibarr request', { method: req.method, path: req.path, status: res.status, ms });
      const header = (name: string): string | undefined => {
        const v: unknown = res.headers[name];
        return typeof v === 'string' ? v : undefined;
      };
      return {
        status: res.status,
        contentType: header('content-type') ?? '',
        retryAfter: header('retry-after'),
        body: parseBody(typeof res.data === 'string' ? res.data : ''),
      };
    } catch (err) {
      const ms = elapsedMs(started);
      if (req.maxResponseBytes !== undefined && isAxiosError(err) && /maxContentLength/.test(err.message)) {
        throw new FileTooLargeError(req.path, req.maxResponseBytes);
      }
      const failure = transportError(ctx, err);
      this.logger.debug('dolibarr request failed', { method: req.method, path: req.path, error: failure.message, ms });
      throw failure;
    }
  }
}

/** A sanitized error: the axios error holds the request headers (and so the key), so it is not kept as cause. */
function transportError(ctx: CallContext, err: unknown): ConnectionError | TimeoutError {
  const code = isAxiosError(err) ? (err.code ?? '') : '';
  const text = err instanceof Error ? err.message : String(err);
  const cause = Object.assign(new Error(code ? `${code}: ${text}` : text), { code });
  const details = { system: SYSTEM, method: ctx.method, path: ctx.path, cause };
  if (TIMEOUT_CODES.has(code) || /timeout/i.test(text)) {
    return new TimeoutError(`Dolibarr ${ctx.method} ${ctx.path} timed out`, details);
  }
  return new ConnectionError(`Dolibarr ${ctx.method} ${ctx.path} failed: ${code || text}`, details);
}

/** True when a connection error proves the request was never received. */
export function wasNotSent(err: unknown): boolean {
  if (!(err instanceof ConnectionError)) return false;
  const code = (err.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && NOT_SENT_CODES.has(code);
}

/**
 * Every POST/PUT is announced as JSON, even without a body: an empty body typed as a form
 * (axios' default) is read by Dolibarr as `notrigger=""` → 400 on validate/close. An empty
 * JSON body is accepted by every action endpoint; `{}` is not (recorded quirk_*).
 */
function hasEntity(method: HttpMethod): boolean {
  return method === 'POST' || method === 'PUT';
}

function requestData(req: HttpRequest): string | undefined {
  if (req.body !== undefined) return JSON.stringify(req.body);
  return hasEntity(req.method) ? '' : undefined;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function elapsedMs(started: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
}
