import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
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
const TIMEOUT_CODE = 'ETIMEDOUT';

/** A failure of the exchange itself, with the system's code (ECONNREFUSED, ECONNRESET, ETIMEDOUT…). */
type ExchangeError = Error & { code?: string };

/**
 * One HTTP exchange with Dolibarr: auth header, timing, debug log. Never throws for an HTTP status. On node:http
 * rather than axios: axios spent about as much CPU on each call as node:http does (merging its configuration and
 * headers, looking for a proxy in the environment), and on a machine Dolibarr shares, that CPU is taken from it.
 * So this client connects directly: it does not read HTTP_PROXY.
 */
export class HttpTransport {
  private readonly base: string;
  private readonly request: typeof http.request;
  private readonly agent: http.Agent;
  private readonly headers: OutgoingHttpHeaders;

  constructor(
    private readonly config: TransportConfig,
    private readonly logger: Logger,
  ) {
    registerSecret(config.apiKey);
    this.base = config.url.replace(/\/+$/, '');
    const secure = /^https:/i.test(this.base);
    this.request = secure ? https.request : http.request;
    this.agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
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
  private exchange(req: HttpRequest): Promise<HttpResponse> {
    const body = req.stream ? undefined : requestData(req);
    const headers: OutgoingHttpHeaders = {
      ...this.headers,
      // A write's answer is an id or one object: Dolibarr gzipping it and us inflating it cost more CPU on both
      // sides than the bytes saved. Reads, which may be long lists, stay compressed.
      'Accept-Encoding': req.method === 'GET' ? 'gzip, deflate, br' : 'identity',
    };
    if (hasEntity(req.method)) headers['Content-Type'] = 'application/json';
    if (req.stream) headers['Content-Length'] = req.stream.length;
    else if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const fail = (err: Error) => finish(() => reject(err));
      const outgoing = this.request(this.base + req.path + queryString(req.query), { method: req.method, headers, agent: this.agent }, (res) => {
        readBody(res, req.maxResponseBytes, req.path).then(
          (text) =>
            finish(() =>
              resolve({
                status: res.statusCode ?? 0,
                contentType: header(res, 'content-type') ?? '',
                retryAfter: header(res, 'retry-after'),
                body: parseBody(text),
              }),
            ),
          (err: Error) => {
            outgoing.destroy();
            fail(err);
          },
        );
      });
      const timer = setTimeout(() => {
        const err: ExchangeError = new Error(`timeout of ${this.config.timeoutMs}ms exceeded`);
        err.code = TIMEOUT_CODE;
        fail(err);
        outgoing.destroy(err);
      }, this.config.timeoutMs);
      outgoing.on('error', fail);
      if (req.stream) sendStream(req.stream.open(), outgoing, fail);
      else outgoing.end(body);
    });
  }
}

function sendStream(source: Readable, outgoing: http.ClientRequest, fail: (err: Error) => void): void {
  source.on('error', (err) => {
    fail(err);
    outgoing.destroy(err);
  });
  source.pipe(outgoing);
}

function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** The answer as text, inflated as Dolibarr compressed it; more than `max` bytes (inflated) is refused unread. */
function readBody(res: IncomingMessage, max: number | undefined, path: string): Promise<string> {
  const encoding = (header(res, 'content-encoding') ?? '').trim().toLowerCase();
  const inflate =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined;
  const stream: Readable = inflate ? res.pipe(inflate) : res;
  if (inflate) res.on('error', (err) => inflate.destroy(err));
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (max !== undefined && size > max) {
        stream.destroy();
        res.destroy();
        reject(new FileTooLargeError(path, max));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

/** A sanitized error naming the system's code; nothing of the request (its headers hold the key) is kept. */
function transportError(ctx: CallContext, err: unknown): ConnectionError | TimeoutError {
  const code = (err as ExchangeError | undefined)?.code ?? '';
  const text = err instanceof Error ? err.message : String(err);
  const cause = Object.assign(new Error(code ? `${code}: ${text}` : text), { code });
  const details = { system: SYSTEM, method: ctx.method, path: ctx.path, cause };
  if (code === TIMEOUT_CODE) {
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
