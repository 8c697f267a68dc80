import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getLogger } from '../../../src/logging/logger';
import type { DevTrackerAdapter } from '../../../src/plugin-sdk';
import { projeqtorPlugin } from '../../../plugins/projeqtor';

/** A recording of the real ProjeQtor 12.1.1 (test/fixtures/projeqtor), as the shared facts give it. */
export interface Recording {
  request: { method: string; url: string; body?: { raw: string; plain: unknown } };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export function recording(name: string): Recording {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'projeqtor', `${name}.json`), 'utf8')) as Recording;
}

/** The response body exactly as ProjeQtor sent it (some are not valid JSON, so they are kept as text). */
export function recordedBody(name: string): string {
  const body = recording(name).response.body;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export function recordedItems(name: string): Array<Record<string, string>> {
  return (recording(name).response.body as { items: Array<Record<string, string>> }).items;
}

/** The recorded instance: its host, its API user and that user's key (md5 of its creation second, section 2). */
export const HOST = 'http://127.0.0.1:8091';
export const API_KEY = 'a35b0093c34267792bfadfe40a4517f6';
export const SETTINGS = {
  url: `${HOST}/api/`,
  webUrl: 'https://pq.example.com',
  user: 'ticketbridge',
  projectId: 1,
  ticketTypeId: 209,
  initialStatusId: 1,
  timeoutMs: 2000,
};

export function pqAdapter(settings: Record<string, unknown> = {}, now: () => Date = () => new Date('2026-11-23T08:16:44Z')): DevTrackerAdapter {
  return projeqtorPlugin.create({
    trackerId: 'pq',
    config: projeqtorPlugin.configSchema.parse({ ...SETTINGS, ...settings }),
    secrets: { apikey: API_KEY, password: 'web-secret' },
    logger: getLogger('test.projeqtor'),
    now,
  });
}
