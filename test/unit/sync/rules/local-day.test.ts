import { DateTime } from 'luxon';
import { localDay } from '../../../../src/sync/rules/local-day';

describe('localDay: the calendar day of an instant where the team works', () => {
  it('is the next day in Tokyo for a late evening in UTC, and the previous one in Los Angeles for an early morning', () => {
    expect(localDay(new Date('2026-03-28T22:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-29');
    expect(localDay(new Date('2026-03-28T22:30:00Z'), 'UTC')).toBe('2026-03-28');
    expect(localDay(new Date('2026-01-01T05:00:00Z'), 'America/Los_Angeles')).toBe('2025-12-31');
  });

  it('keeps the day across a DST change: 23:30 in Paris on the night clocks go forward is still that day', () => {
    expect(localDay(new Date('2026-03-28T22:30:00Z'), 'Europe/Paris')).toBe('2026-03-28');
    expect(localDay(new Date('2026-03-29T21:30:00Z'), 'Europe/Paris')).toBe('2026-03-29');
    expect(localDay(new Date('2026-10-25T22:59:59Z'), 'Europe/Paris')).toBe('2026-10-25');
    expect(localDay(new Date('2026-10-25T23:00:00Z'), 'Europe/Paris')).toBe('2026-10-26');
  });

  it('names the day as luxon does for instants spread over years and zones', () => {
    const zones = ['Europe/Paris', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata', 'America/St_Johns', 'UTC'];
    let at = Date.UTC(1999, 11, 31, 23, 59);
    for (let i = 0; i < 600; i += 1) {
      at += 7 * 3600_000 + 13 * 60_000;
      for (const zone of zones) {
        expect(localDay(new Date(at), zone)).toBe(DateTime.fromMillis(at, { zone }).toISODate());
      }
    }
  });

  it('refuses an unknown time zone or an invalid date with a RangeError naming it', () => {
    expect(() => localDay(new Date(), 'Mars/Olympus')).toThrow(/Mars\/Olympus/);
    expect(() => localDay(new Date('not a date'), 'UTC')).toThrow(RangeError);
  });
});
