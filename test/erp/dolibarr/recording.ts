import { ErpUser } from '../../support/erp-user';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import type { DolibarrConfig } from '../../../src/config/schema';
import { DolibarrClient } from '../../../src/erp/dolibarr';
import { segment } from '../../../src/erp/dolibarr/path';

/**
 * Turns a recorded Dolibarr exchange (test/fixtures/dolibarr/*.json, copied from the
 * live probes) into a nock interceptor. The recorded key placeholders must be matched:
 * <ADMIN_API_KEY> stands for ADMIN_KEY, <TECH1_API_KEY> for TECH_KEY.
 */
export const BASE = 'http://dolibarr.test';
export const API_ROOT = '/api/index.php';
export const ADMIN_KEY = 'adm1n-k3y-for-tests-7f3a9c';
export const TECH_KEY = 'tech1-k3y-for-tests-4b8e21';
const PLACEHOLDERS: Record<string, string> = { '<ADMIN_API_KEY>': ADMIN_KEY, '<TECH1_API_KEY>': TECH_KEY };

export interface Recording {
  request: { method: string; url: string; headers: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown; body_is_json?: boolean | null };
}

export function loadRecording(name: string): Recording {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/dolibarr', `${name}.json`), 'utf8')) as Recording;
}

export interface InterceptOptions {
  /** Exact query the client must send (defaults to the recorded one). */
  query?: Record<string, string> | true | ((q: Record<string, string>) => boolean);
  /** Receives the JSON body the client sent; return false to refuse the match. */
  body?: (sent: unknown) => boolean;
  /** Require an empty body (action endpoints: an empty JSON request). */
  noBody?: boolean;
  times?: number;
  status?: number;
  headers?: Record<string, string>;
}

/** The raw bytes the recorded server sent. */
export function rawBody(rec: Recording): string {
  const { body, body_is_json: isJson } = rec.response;
  if (isJson === false || body === '') return typeof body === 'string' ? body : '';
  return JSON.stringify(body);
}

export function intercept(name: string, opts: InterceptOptions = {}): nock.Scope {
  const rec = loadRecording(name);
  const url = new URL(rec.request.url);
  // Path values (e-mails, refs) are sent encoded by the client; nock compares paths literally.
  const path = url.pathname
    .replace(/^\/api\/index\.php/, '')
    .split('/')
    .map((part) => segment(decodeURIComponent(part)))
    .join('/');
  const recordedKey = rec.request.headers.DOLAPIKEY;
  const key = recordedKey === undefined ? undefined : (PLACEHOLDERS[recordedKey] ?? recordedKey);
  const method = rec.request.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
  // Every POST/PUT must be announced as JSON: an empty form body is a 400 "notrigger" (quirk_form_urlencoded_*).
  const jsonType: Record<string, string> = method === 'post' || method === 'put' ? { 'content-type': 'application/json' } : {};
  const scope = nock(BASE, key ? { reqheaders: { DOLAPIKEY: key, ...jsonType } } : { reqheaders: jsonType, badheaders: ['DOLAPIKEY'] });
  const bodyMatcher = opts.body ? (b: unknown) => opts.body!(b) : undefined;
  let interceptor = bodyMatcher
    ? scope.intercept(API_ROOT + path, method.toUpperCase(), bodyMatcher as never)
    : scope.intercept(API_ROOT + path, method.toUpperCase());
  interceptor = interceptor.query((opts.query ?? Object.fromEntries(url.searchParams.entries())) as never);
  if (opts.times) interceptor = interceptor.times(opts.times);
  const headers = { 'content-type': rec.response.headers['content-type'] ?? 'application/json', ...opts.headers };
  const status = opts.status ?? rec.response.status;
  if (!opts.noBody) return interceptor.reply(status, rawBody(rec), headers);
  // Action endpoints must get an empty body: Dolibarr answers 400 to a literal {}.
  return interceptor.reply((_uri, sent) =>
    sent === '' || sent === undefined ? [status, rawBody(rec), headers] : [400, `test: unexpected body ${JSON.stringify(sent)}`, {}],
  );
}

/** An interceptor for a hand-made response, with the admin key required. */
export function dolibarr(): nock.Scope {
  return nock(BASE, { reqheaders: { DOLAPIKEY: ADMIN_KEY } });
}

export const testConfig = (over: Partial<DolibarrConfig> = {}): DolibarrConfig => ({
  url: BASE + API_ROOT,
  apiKey: ADMIN_KEY,
  timeoutMs: 2000,
  concurrency: 4,
  maxRetries: 3,
  retryBaseMs: 100,
  retryMaxMs: 2000,
  caller: 'ticketbridge',
  ...over,
});

export interface TestClient {
  client: DolibarrClient;
  sleeps: number[];
}

/** A client whose waits are recorded instead of slept, with a fixed jitter. */
export function makeClient(
  over: Partial<DolibarrConfig> = {},
  extra: {
    logger?: import('../../../src/logging/logger').Logger;
    onCall?: import('../../../src/erp/dolibarr/client').DolibarrClientOptions['onCall'];
  } = {},
): TestClient {
  const sleeps: number[] = [];
  let slept = 0;
  const client = new DolibarrClient(testConfig(over), {
    sleep: async (ms) => {
      sleeps.push(ms);
      slept += ms;
    },
    now: () => Date.now() + slept,
    random: () => 0.5,
    logger: extra.logger,
    onCall: extra.onCall,
  });
  return { client, sleeps };
}

/** A Dolibarr user's own calls (sign, validate, delete…) against the same recordings, with the bridge's caller. */
export function makeErpUser(): ErpUser {
  return new ErpUser({ url: BASE + API_ROOT, apiKey: ADMIN_KEY, timeoutMs: 2000, caller: 'ticketbridge' });
}

export { guardNetwork as setupNock } from '../../support/nock-guard';
