/**
 * Records exchanges with a REAL Dolibarr as fixtures (test/fixtures/dolibarr/<name>.json, the format the nock tests
 * load), with the API key replaced by <ADMIN_API_KEY>. Used as a library by the probe scripts beside it:
 *   DOLIBARR_URL=... DOLIBARR_API_KEY=... npx ts-node --transpile-only test/real-dolibarr/probe-cards.ts
 * Writes to that Dolibarr: never point it at production.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Recorded {
  status: number;
  body: unknown;
}

const url = process.env.DOLIBARR_URL ?? '';
const key = process.env.DOLIBARR_API_KEY ?? '';

export function configured(): boolean {
  return url !== '' && key !== '';
}

/** Calls Dolibarr; with a name, saves the exchange as a fixture. */
export async function call(method: string, path: string, body?: unknown, name?: string): Promise<Recorded> {
  const headers: Record<string, string> = { Accept: 'application/json', DOLAPIKEY: key };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const started = Date.now();
  const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  let isJson = true;
  try {
    parsed = text === '' ? '' : JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (name) {
    const recUrl = `http://127.0.0.1:8080/api/index.php${path}`;
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      responseHeaders[key] = value;
    });
    const fixture = {
      request: { method, url: recUrl, headers: { ...headers, DOLAPIKEY: '<ADMIN_API_KEY>' }, ...(body === undefined ? {} : { body }) },
      response: { status: res.status, headers: responseHeaders, time_ms: Date.now() - started, body: parsed, body_is_json: isJson },
    };
    writeFileSync(join(__dirname, '../fixtures/dolibarr', `${name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
  }
  return { status: res.status, body: parsed };
}
