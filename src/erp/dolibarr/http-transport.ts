import type { OutgoingHttpHeaders } from 'node:http';
import type { Logger } from '../../logging/logger';
import {
  registerSecret,
  ConnectionError,
  EXCHANGE_TIMEOUT_CODE,
  FileTooLargeError,
  HttpExchange,
  TimeoutError,
  type ExchangeError,
  type StreamBody,
} from '../../plugin-sdk';
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

/**
 * One HTTP exchange with Dolibarr: auth header, timing, debug log. Never throws for an HTTP status. On node:http
 * rather than axios (see HttpExchange).
 */
export class HttpTransport {
  private readonly base: string;
  private readonly http: HttpExchange;
  private readonly headers: OutgoingHttpHeaders;

  constructor(
    private readonly config: TransportConfig,
    private readonly logger: Logger,
  ) {
    registerSecret(config.apiKey);
    this.base = config.url.replace(/\/+$/, '');
    this.http = new HttpExchange(this.base);
    this.headers = { DOLAPIKEY: config.apiKey, Accept: 'application/json', 'User-Agent': 'TicketBridge' };
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const started = process.hrtime.bigint();
    try {
      const res = await this.exchange(req);
      this.logger.debug('dolibarr request', { method: req.method, path: req.path, status: res.status, ms: elapsedMs(started) });
      return res;
    } catch (err) {
      const ms = elapsedMs(started);
      if (err instanceof FileTooLargeError) throw err;
      const failure = transportError({ method: req.method, path: req.path }, err);
      this.logger.debug('dolibarr request failed', { method: req.method, path: req.path, error: failure.message, ms });
      throw failure;
    }
  }

  /** The whole exchange, answer read, within the configured timeout. */
  private async exchange(req: HttpRequest): Promise<HttpResponse> {
    const headers: OutgoingHttpHeaders = {
      ...this.headers,
      // A write's answer is an id or one object: Dolibarr gzipping it and us inflating it cost more CPU on both
      // sides than the bytes saved. Reads, which may be long lists, stay compressed.
      'Accept-Encoding': req.method === 'GET' ? 'gzip, deflate, br' : 'identity',
    };
    if (hasEntity(req.method)) headers['Content-Type'] = 'application/json';
    const res = await this.http.send(this.base + req.path + queryString(req.query), {
      method: req.method,
      headers,
      ...(req.stream ? { stream: req.stream } : { body: requestData(req) }),
      timeoutMs: this.config.timeoutMs,
      maxResponseBytes: req.maxResponseBytes,
      name: req.path,
    });
    return {
      status: res.status,
      contentType: res.header('content-type') ?? '',
      retryAfter: res.header('retry-after'),
      body: parseBody(res.text),
    };
  }
}

/** A sanitized error naming the system's code; nothing of the request (its headers hold the key) is kept. */
function transportError(ctx: CallContext, err: unknown): ConnectionError | TimeoutError {
  const code = (err as ExchangeError | undefined)?.code ?? '';
  const text = err instanceof Error ? err.message : String(err);
  const cause = Object.assign(new Error(code ? `${code}: ${text}` : text), { code });
  const details = { system: SYSTEM, method: ctx.method, path: ctx.path, cause };
  if (code === EXCHANGE_TIMEOUT_CODE) {
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
 * (as axios sends one) is read by Dolibarr as `notrigger=""` → 400 on validate/close. An empty
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
