import { jsmSettingsSchema, categoryOf } from '../../../plugins/jsm/settings';
import { formatZodIssues } from '../../../src/plugin-sdk';
import { SETTINGS } from './examples';

describe('JSM settings', () => {
  it('defaults to the Customer Services workflow and strips a trailing slash from the site', () => {
    const s = jsmSettingsSchema.parse({ ...SETTINGS, siteUrl: 'https://acme.atlassian.net/' });
    expect(s.siteUrl).toBe('https://acme.atlassian.net');
    expect(s.categoryToStatus.waiting_customer).toBe('En attente client');
    expect(categoryOf(s, 'En attente R&D', 'indeterminate')).toBe('pending');
    expect(categoryOf(s, 'fermé', 'done')).toBe('closed');
    expect(categoryOf(s, 'Escalated', 'indeterminate')).toBe('open');
  });

  it('names every bad key', () => {
    const bad = jsmSettingsSchema.safeParse({
      ...SETTINGS,
      siteUrl: 'https://acme.atlassian.net/jira',
      projectKey: 'spt',
      customFields: { erpRef: 'Dolibarr ref' },
      timeZone: 'Paris',
    });
    expect(bad.success).toBe(false);
    const issues = formatZodIssues(bad.error!).join('\n');
    for (const key of ['siteUrl', 'projectKey', 'customFields.erpRef', 'customFields.contract', 'timeZone']) expect(issues).toContain(key);
  });
});
