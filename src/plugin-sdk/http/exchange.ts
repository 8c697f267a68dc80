import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { FileTooLargeError } from '../attachment-content';

/** The code of a failed exchange that got no answer in time. */
export const EXCHANGE_TIMEOUT_CODE = 'ETIMEDOUT';

/** A request body sent as a stream with its exact length, so it is never held whole. */
export interface StreamBody {
  open(): Readable;
  length: number;
}

export interface ExchangeRequest {
  method: string;
  headers: OutgoingHttpHeaders;
  /** A body held whole, or one streamed with its Content-Length. */
  body?: string | Buffer;
  stream?: StreamBody;
  /** The whole exchange, answer read, must end within this; otherwise it fails with code ETIMEDOUT. */
  timeoutMs: number;
  /** Refuse a bigger answer (counted inflated) with FileTooLargeError instead of reading it. */
  maxResponseBytes?: number;
  /** What that error names; the URL's path by default (its query may hold a token). */
  name?: string;
}

export interface ExchangeResponse {
  status: number;
  header(name: string): string | undefined;
  text: string;
}

/** A failure of the exchange itself, with the system's code (ECONNREFUSED, ECONNRESET, ETIMEDOUT…). */
export type ExchangeError = Error & { code?: string };

/**
 * HTTP exchanges with one server over node:http(s) and kept-alive connections. Lighter than axios, which spent about
 * as much CPU per call as node:http itself (merging its configuration and headers, looking for a proxy in the
 * environment at each call): on a machine the bridge shares with Dolibarr, that CPU is taken from Dolibarr. The
 * proxy is chosen once, as axios chose it (HTTP_PROXY / HTTPS_PROXY, unless NO_PROXY names the host). It follows no
 * redirect and never rejects for an HTTP status.
 */
export class HttpExchange {
  private readonly request: typeof http.request;
  private readonly agent: http.Agent;

  /** `baseUrl` chooses http or https and the proxy; each call names its full URL on that server. */
  constructor(baseUrl: string) {
    const secure = /^https:/i.test(baseUrl);
    this.request = secure ? https.request : http.request;
    this.agent = agentFor(baseUrl, secure);
  }

  send(url: string, req: ExchangeRequest): Promise<ExchangeResponse> {
    const headers: OutgoingHttpHeaders = { ...req.headers };
    if (req.stream) headers['Content-Length'] = req.stream.length;
    else if (req.body !== undefined) headers['Content-Length'] = Buffer.byteLength(req.body);
    return new Promise<ExchangeResponse>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const fail = (err: Error) => finish(() => reject(err));
      const outgoing = this.request(url, { method: req.method, headers, agent: this.agent }, (res) => {
        readBody(res, req.maxResponseBytes, () => req.name ?? new URL(url).pathname).then(
          (text) => finish(() => resolve({ status: res.statusCode ?? 0, header: (name) => header(res, name), text })),
          (err: Error) => {
            outgoing.destroy();
            fail(err);
          },
        );
      });
      const timer = setTimeout(() => {
        const err: ExchangeError = new Error(`timeout of ${req.timeoutMs}ms exceeded`);
        err.code = EXCHANGE_TIMEOUT_CODE;
        fail(err);
        outgoing.destroy(err);
      }, req.timeoutMs);
      outgoing.on('error', fail);
      if (req.stream) sendStream(req.stream.open(), outgoing, fail);
      else outgoing.end(req.body);
    });
  }
}

function agentFor(baseUrl: string, secure: boolean): http.Agent {
  // Empty when no proxy variable is set or NO_PROXY names the host. The proxy URL may hold credentials: never logged.
  const proxy = getProxyForUrl(baseUrl);
  if (!proxy) return secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  return secure ? new HttpsProxyAgent(proxy, { keepAlive: true }) : new HttpProxyAgent(proxy, { keepAlive: true });
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

/** The answer as text, inflated as the server compressed it; more than `max` bytes (inflated) is refused unread. */
function readBody(res: IncomingMessage, max: number | undefined, name: () => string): Promise<string> {
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
        reject(new FileTooLargeError(name(), max));
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
