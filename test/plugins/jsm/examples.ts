import fs from 'node:fs';
import path from 'node:path';
import { jsmPlugin, type JsmSettings } from '../../../plugins/jsm';
import type { HelpdeskAdapter } from '../../../src/plugin-sdk';
import { getLogger } from '../../../src/logging/logger';

/** The documented examples (shared/jira-sm/examples, copied with their `source` notes). */
export const SITE = 'https://your-domain.atlassian.net';

export function example<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/jsm', `${name}.json`), 'utf8')) as T;
}

export const SETTINGS = {
  siteUrl: SITE,
  email: 'agent@example.com',
  serviceDeskId: '10',
  projectKey: 'HELPDESK',
  timeZone: 'Europe/Paris',
  customFields: { erpRef: 'customfield_10050', contract: 'customfield_10051', duration: 'customfield_10052', quote: 'customfield_10053' },
  requestTypeGroups: { '1': 'Assistance' },
  pageSize: 2,
};
export const SECRETS = { api_token: 'example-api-token-0123456789', webhook_secret: "It's a Secret to Everybody" };

export function exampleAdapter(over: Partial<Record<keyof JsmSettings, unknown>> = {}, now = () => new Date()): HelpdeskAdapter {
  return jsmPlugin.create({
    helpdeskId: 'jsm',
    config: jsmPlugin.configSchema.parse({ ...SETTINGS, ...over }),
    secrets: SECRETS,
    logger: getLogger('test.jsm'),
    now,
  });
}
