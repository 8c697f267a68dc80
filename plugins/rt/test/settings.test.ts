import { formatZodIssues } from '../../../src/errors/input-error';
import { rtSettingsSchema } from '../settings';

function issues(input: unknown): string[] {
  const r = rtSettingsSchema.safeParse(input);
  return r.success ? [] : formatZodIssues(r.error);
}

describe('RT settings', () => {
  it('fills the default lifecycle mapping and custom field names', () => {
    const s = rtSettingsSchema.parse({ url: 'https://rt.example.com/rt/', queues: ['Support'] });
    expect(s.url).toBe('https://rt.example.com/rt');
    expect(s.statusToCategory).toMatchObject({ new: 'new', stalled: 'pending', rejected: 'closed', deleted: 'removed' });
    expect(s.categoryToStatus.waiting_customer).toBe('stalled');
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
