import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { getLogger } from '../../../src/logging/logger';
import { rtPlugin } from '../../../plugins/rt/index';
import type { HelpdeskAdapter } from '../../../src/plugin-sdk';

/**
 * Real RT 5.0.3 exchanges, copied from the team's recordings (facts in docs/recorded-facts.md) plus `local_*` ones
 * recorded against the test RT. Each holds `request` and `response{status, headers, body}`.
 */
export interface Recording {
  request: { method: string; url: string; body: unknown };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export const RECORDED_RT = 'http://127.0.0.1:8093';

export function recording(name: string): Recording {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Recording;
}

/** The body a recording answered, deep-copied so a test can adapt it. */
export function recordedBody<T = unknown>(name: string): T {
  return structuredClone(recording(name).response.body) as T;
}

/** Serves a recording's answer (status, body, Location) for a request with the same method and path. */
export function replay(name: string, path?: string): nock.Scope {
  const rec = recording(name);
  const url = new URL(rec.request.url);
  const headers: Record<string, string> = { 'content-type': 'application/json; charset="utf-8"' };
  if (rec.response.headers.location) headers.location = rec.response.headers.location;
  const body = typeof rec.response.body === 'string' ? rec.response.body : JSON.stringify(rec.response.body);
  return nock(RECORDED_RT)
    .intercept(path ?? url.pathname, rec.request.method)
    .query(true)
    .reply(rec.response.status, body, headers);
}

export function rtTestAdapter(settings: Record<string, unknown> = {}): HelpdeskAdapter {
  return rtPlugin.create({
    helpdeskId: 'rt',
    config: rtPlugin.configSchema.parse({ url: RECORDED_RT, queues: ['General'], ...settings }),
    secrets: { token: '1-14-0123456789abcdef' },
    logger: getLogger('test.rt'),
    now: () => new Date('2026-11-23T09:00:00Z'),
  });
}

export function page(items: unknown[], perPage = 100): Record<string, unknown> {
  return { page: 1, per_page: perPage, count: items.length, total: null, pages: null, items };
}
