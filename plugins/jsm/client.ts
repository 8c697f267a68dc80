import axios, { type AxiosInstance, type AxiosResponseHeaders, type RawAxiosResponseHeaders } from 'axios';
import type { z } from 'zod';
import { SchemaError } from '../../src/plugin-sdk';
import { formatZodIssues } from '../../src/plugin-sdk';
import type { Logger } from '../../src/plugin-sdk';
import type { CallSite } from '../../src/plugin-sdk';
import { errorForNetwork, errorForStatus } from './errors';

export interface JsmClientOptions {
  siteUrl: string;
  email: string;
  apiToken: string;
  timeoutMs: number;
  /** The helpdesk instance id, named in errors. */
  system: string;
  logger: Logger;
  now(): Date;
}

export type Query = Record<string, string | number | boolean>;
type Schema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

/**
 * One client for both REST families of the site (/rest/servicedeskapi and /rest/api/3): Basic auth with the
 * account e-mail and API token, JSON in and out, every non-2xx a typed error. No retries here: jobs retry.
 */
export class JsmClient {
  private readonly http: AxiosInstance;

  constructor(private readonly opts: JsmClientOptions) {
    const basic = Buffer.from(`${opts.email}:${opts.apiToken}`).toString('base64');
    this.http = axios.create({
      baseURL: opts.siteUrl,
      timeout: opts.timeoutMs,
      headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
      validateStatus: () => true,
      transformResponse: (data: unknown) => data,
      responseType: 'text',
    });
  }

  get system(): string {
    return this.opts.system;
  }

  async get<T>(path: string, query: Query, schema: Schema<T>): Promise<T> {
    const body = await this.call('GET', path, query);
    return this.parse('GET', path, body, schema);
  }

  /** A write; `schema` reads its answer (omit it for 204 answers). */
  async send<T>(method: 'POST' | 'PUT', path: string, body: unknown, schema?: Schema<T>): Promise<T | undefined> {
    const answer = await this.call(method, path, {}, body);
    return schema ? this.parse(method, path, answer, schema) : undefined;
  }

  parse<T>(method: string, path: string, body: unknown, schema: Schema<T>): T {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const field = parsed.error.issues[0]?.path.join('.');
    throw new SchemaError(`Jira ${method} ${path}: unexpected response (${formatZodIssues(parsed.error).slice(0, 3).join('; ')})`, {
      system: this.opts.system,
      method,
      path,
      field,
    });
  }

  private async call(method: string, path: string, query: Query, body?: unknown): Promise<unknown> {
    const site: CallSite = { system: this.opts.system, method, path };
    let res;
    try {
      res = await this.http.request<string>({
        method,
        url: path,
        params: query,
        data: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      });
    } catch (err) {
      throw errorForNetwork(site, err);
    }
    const headers = res.headers as RawAxiosResponseHeaders | AxiosResponseHeaders;
    const header = (name: string) => {
      const value = headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    if (header('x-ratelimit-nearlimit') === 'true') {
      this.opts.logger.warn('Jira rate limit nearly used up (under 20 % left)', {
        ...site,
        remaining: header('x-ratelimit-remaining'),
        reset: header('x-ratelimit-reset'),
      });
    }
    const parsedBody = parseJson(res.data);
    if (res.status < 200 || res.status >= 300) {
      const limits = { retryAfter: header('retry-after'), reset: header('x-ratelimit-reset'), reason: header('ratelimit-reason') };
      throw errorForStatus(site, res.status, parsedBody, limits, this.opts.now());
    }
    return parsedBody;
  }
}

function parseJson(data: unknown): unknown {
  if (typeof data !== 'string' || data.trim() === '') return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}
