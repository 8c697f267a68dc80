import axios, { type AxiosInstance } from 'axios';
import type { z } from 'zod';
import { describeCall, parseRetryAfter, SchemaError, schemaErrorOf, type CallSite } from '../../src/plugin-sdk';
import { errorForNetwork, errorForStatus } from './errors';

export interface RtClientOptions {
  /** RT web root, without /REST/2.0. */
  url: string;
  token: string;
  timeoutMs: number;
  /** The helpdesk instance id, named in errors. */
  system: string;
}

export interface RtWriteResult {
  status: number;
  /** RT's `Location` header: the new ticket or transaction (the only place a new transaction id appears). */
  location?: string;
  body: unknown;
}

export type Query = Record<string, string | number>;

/** Thin REST2 client: token auth, JSON in and out, every non-2xx turned into a typed error. */
export class RtClient {
  private readonly http: AxiosInstance;

  constructor(private readonly opts: RtClientOptions) {
    this.http = axios.create({
      baseURL: `${opts.url}/REST/2.0`,
      timeout: opts.timeoutMs,
      headers: { Authorization: `token ${opts.token}`, Accept: 'application/json' },
      validateStatus: () => true,
      // RT returns JSON even for errors; parse it ourselves so a non-JSON body becomes a SchemaError.
      transformResponse: (data: unknown) => data,
      responseType: 'text',
    });
  }

  async get<T>(path: string, query: Query, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T> {
    const res = await this.call('GET', path, query);
    return this.parse('GET', path, res.body, schema);
  }

  /** POST/PUT with a JSON body. RT needs the Content-Type header even for an empty body. */
  async send(method: 'POST' | 'PUT', path: string, body: unknown): Promise<RtWriteResult> {
    const res = await this.call(method, path, {}, body);
    return { status: res.status, location: res.location, body: res.body };
  }

  /** Validates a body (or one item of it) against what the plugin expects; a mismatch is a SchemaError naming the field. */
  parse<T>(method: string, path: string, body: unknown, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
    const site: CallSite = { system: this.opts.system, method, path };
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    throw schemaErrorOf(describeCall('RT', site), parsed.error, site);
  }

  get system(): string {
    return this.opts.system;
  }

  private async call(method: string, path: string, query: Query, body?: unknown) {
    const site: CallSite = { system: this.opts.system, method, path };
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    let res;
    try {
      res = await this.http.request<string>({
        method,
        url: qs ? `${path}?${qs}` : path,
        data: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      });
    } catch (err) {
      throw errorForNetwork(site, err);
    }
    const parsedBody = parseJson(res.data);
    if (res.status < 200 || res.status >= 300) {
      throw errorForStatus(site, res.status, parsedBody, parseRetryAfter(res.headers['retry-after'], Date.now()));
    }
    if (parsedBody === undefined && res.status !== 204) {
      throw new SchemaError(`RT ${method} ${path}: answered ${res.status} without a JSON body`, { ...site, status: res.status });
    }
    const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
    return { site, status: res.status, location, body: parsedBody };
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
