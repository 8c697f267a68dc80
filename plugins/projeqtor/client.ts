import axios, { type AxiosInstance } from 'axios';
import type { z } from 'zod';
import { callSiteOf, describeCall, networkFailure, parseAnswer, SchemaError, type CallSite, type Logger } from '../../src/plugin-sdk';
import { encryptWrite, newNonce, type AesBits } from './crypto';
import { errorForApiResult, errorForRequestError, errorForWebStatus, LABEL, notJson, requestErrorMessage } from './errors';
import { itemsBodySchema, writeResultSchema, type WriteResult } from './schemas';

export interface PqClientOptions {
  /** The API base, ending in /api/. */
  url: string;
  user: string;
  /** The web server's Basic auth password (ProjeQtor itself checks only the user name). */
  password: string;
  apiKey: string;
  aesBits: AesBits;
  timeoutMs: number;
  projectId: number;
  /** The tracker id, named in errors. */
  system: string;
  /** The environment variable holding the password, named when the web server refuses it. */
  passwordVariable: string;
  logger: Logger;
  now(): Date;
}

/**
 * The ProjeQtor REST client. Every ProjeQtor answer is HTTP 200 and the outcome is in the body: a
 * request-level error (not valid JSON), `items`, or per-item `apiResult` for writes. Other statuses come from
 * the web server in front. Writes are encrypted with the user's API key. No retries here: jobs retry.
 */
export class PqClient {
  private readonly http: AxiosInstance;

  constructor(private readonly opts: PqClientOptions) {
    this.http = axios.create({
      baseURL: opts.url,
      timeout: opts.timeoutMs,
      auth: { username: opts.user, password: opts.password },
      headers: { Accept: 'application/json' },
      validateStatus: () => true,
      transformResponse: (data: unknown) => data,
      responseType: 'text',
      maxRedirects: 0,
    });
  }

  /** GET `path` (relative to /api/, already encoded) → its items, each checked against `schema`. */
  async read<S extends z.ZodTypeAny>(path: string, schema: S): Promise<Array<z.output<S>>> {
    const site = this.site('GET', path);
    const items = await this.call(site, () => this.http.get<string>(path));
    return items.map((item, i) => parseAnswer(schema, item, `${describeCall(LABEL, site)} item ${i}`, site));
  }

  /** POST one object to /api/{cls}, encrypted; the item's result when OK or NO_CHANGE, else its typed error. */
  async write(cls: string, payload: Record<string, unknown>): Promise<WriteResult> {
    const site = this.site('POST', cls);
    const body = encryptWrite(JSON.stringify(payload), this.opts.apiKey, this.opts.aesBits, newNonce(this.opts.now()));
    const items = await this.call(site, () => this.http.post<string>(cls, body, { headers: { 'Content-Type': 'text/plain' } }));
    if (items.length !== 1)
      throw new SchemaError(`${describeCall(LABEL, site)} answered ${items.length} results for one object`, { ...site, status: 200, field: 'items' });
    const result = parseAnswer(writeResultSchema, items[0], describeCall(LABEL, site), site);
    if (result.apiResult === 'OK' || result.apiResult === 'NO_CHANGE') return result;
    throw errorForApiResult(site, result.apiResult, result.apiResultMessage, this.opts.user, this.opts.projectId);
  }

  private site(method: string, path: string): CallSite {
    return callSiteOf(this.opts.system, method, new URL(path, this.opts.url).toString());
  }

  private async call(site: CallSite, send: () => Promise<{ status: number; data: string }>): Promise<unknown[]> {
    let res;
    const started = Date.now();
    try {
      res = await send();
      this.opts.logger.debug('ProjeQtor call', { method: site.method, path: site.path, ms: Date.now() - started });
    } catch (err) {
      throw networkFailure(describeCall(LABEL, site), site, err);
    }
    const text = typeof res.data === 'string' ? res.data : '';
    if (res.status < 200 || res.status >= 300) throw errorForWebStatus(site, res.status, text, this.opts.passwordVariable);
    const requestError = requestErrorMessage(text);
    if (requestError !== undefined) throw errorForRequestError(site, requestError, this.opts.user);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw notJson(site, text);
    }
    return parseAnswer(itemsBodySchema, body, describeCall(LABEL, site), site).items;
  }
}
