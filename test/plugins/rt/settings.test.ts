import { formatZodIssues } from '../../../src/plugin-sdk';
import { rtSettingsSchema } from '../../../plugins/rt/settings';

function issues(input: unknown): string[] {
  const r = rtSettingsSchema.safeParse(input);
  return r.success ? [] : formatZodIssues(r.error);
}

describe('RT settings', () => {
  it('fills the default lifecycle mapping and custom field names', () => {
    const s = rtSettingsSchema.parse({ url: 'https://rt.example.com/rt/', queues: ['Support'] });
    expect(s.url).toBe('https://rt.example.com/rt');
    expect(s.statusToCategory).toMatchObject({
      new: 'new',
      stalled: 'waiting_customer',
      resolved: 'closed',
      rejected: 'removed',
      deleted: 'removed',
    });
    expect(s.categoryToStatus.waiting_customer).toBe('stalled');
    // Every category the ERP sends comes back unchanged, so the bridge does not flip a status back and forth.
    for (const c of ['new', 'open', 'waiting_customer', 'closed', 'removed'] as const) {
      expect(s.statusToCategory[s.categoryToStatus[c]!]).toBe(c);
    }
    expect(s.customFields.erpRef).toBe('Dolibarr Ref');
    expect(s.timeZone).toBe('UTC');
  });

  it('accepts a URL that already ends in /REST/2.0', () => {
    expect(rtSettingsSchema.parse({ url: 'http://127.0.0.1:8090/REST/2.0', queues: ['q'] }).url).toBe('http://127.0.0.1:8090');
  });

  it('names every bad field', () => {
    const found = issues({ url: 'not a url', queues: [], timeZone: 'Mars/Base', pageSize: 1000, customFields: { erpRef: 'a{b}' } });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^url: /),
        expect.stringMatching(/^queues: /),
        expect.stringMatching(/^timeZone: .*IANA/),
        expect.stringMatching(/^pageSize: /),
        expect.stringMatching(/^customFields\.erpRef: /),
      ]),
    );
  });

  it('rejects an overlap that could fill a whole page with already-seen transactions', () => {
    expect(issues({ url: 'http://rt', queues: ['q'], pageSize: 10, cursorOverlap: 10 })).toEqual([expect.stringMatching(/^cursorOverlap: /)]);
  });
});
