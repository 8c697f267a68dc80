import axios, { type AxiosInstance } from 'axios';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDolibarrDouble, type DolibarrDouble, type DolibarrDoubleOptions } from './index';

export const API_KEY = 'test-key';

export interface Started {
  double: DolibarrDouble;
  api: AxiosInstance;
  control: AxiosInstance;
}

/** Starts a double on 127.0.0.1 with clients that never throw on HTTP status. */
export async function startForTest(options: Partial<DolibarrDoubleOptions> = {}): Promise<Started> {
  const double = await startDolibarrDouble({ port: 0, apiKey: API_KEY, ...options });
  const common = { validateStatus: () => true, timeout: 5000 };
  return {
    double,
    api: axios.create({ ...common, baseURL: double.url, headers: { DOLAPIKEY: API_KEY } }),
    control: axios.create({ ...common, baseURL: double.controlUrl }),
  };
}

/** A recorded response body (test/doubles/dolibarr/recorded, recorded on Dolibarr 23; see docs/recorded-facts.md). */
export function recorded(name: string): { status: number; body: unknown } {
  return JSON.parse(readFileSync(join(__dirname, 'recorded', `${name}.json`), 'utf8')).response;
}

/** A recorded webhook body from test/fixtures/dolibarr-webhooks. */
export function recordedWebhook(name: string): { triggercode: string; object: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'dolibarr-webhooks', `${name}.json`), 'utf8')).body;
}

/** "" is how Dolibarr sends an empty date or number, so it counts as empty like null. */
const kind = (v: unknown): string => (v === null || v === '' ? 'empty' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Differences between two bodies: missing or extra keys, and keys whose values are both non-null but of another
 * JSON type. An empty value on either side is not a type difference (an empty field may be null where the other has data).
 */
export function shapeDiff(actual: Record<string, unknown>, expected: Record<string, unknown>, keys?: string[]): string[] {
  const out: string[] = [];
  const names = keys ?? [...new Set([...Object.keys(actual), ...Object.keys(expected)])];
  for (const k of names) {
    if (!(k in actual)) out.push(`missing ${k}`);
    else if (!(k in expected)) out.push(`extra ${k}`);
    else {
      const [a, e] = [kind(actual[k]), kind(expected[k])];
      if (a !== 'empty' && e !== 'empty' && a !== e) out.push(`${k}: ${a} instead of ${e}`);
    }
  }
  return out;
}

export const seedBasics = {
  thirdparties: [
    { name: 'ACME Helpdesk Client', email: 'contact@acme.example', phone: '+33 1 23 45 67 89' },
    { name: "O'Brien & Sons", email: "o'brien@example.ie" },
  ],
  contacts: [{ socid: 1, lastname: 'Durand', firstname: 'Marie', email: 'marie.durand@acme.example' }],
  users: [{ login: 'tech1', email: 'paul.martin@helpdesk.example', firstname: 'Paul', lastname: 'Martin' }],
  products: [{ ref: 'SUPPORT-HOUR', label: 'Hourly support', price: 80, duration_value: 1, duration_unit: 'h' }],
  contracts: [{ socid: 1, lines: [{ fk_product: 1, desc: 'Prepaid hours', qty: 10, subprice: 80, statut: 4 as const, date_start: 1795359185 }] }],
  extrafields: [{ elementtype: 'ticket', attrname: 'helpdesk_id', label: 'Helpdesk ticket ID' }],
};
