import { fromZnunyTime, toPendingTime, toZnunyTime } from '../../../plugins/znuny/dates';
import { ticketGetSchema } from '../../../plugins/znuny/schemas';
import { toSnapshot } from '../../../plugins/znuny/ticket-mapper';
import { settings } from './helpers';
import { loadRecording } from './recorded';

describe('Znuny dates in the configured time zone', () => {
  it('reads wall-clock strings on both sides of the spring-forward gap', () => {
    expect(fromZnunyTime('2030-03-31 01:59:59', 'Europe/Berlin', 'x').toISOString()).toBe('2030-03-31T00:59:59.000Z');
    expect(fromZnunyTime('2030-03-31 03:00:00', 'Europe/Berlin', 'x').toISOString()).toBe('2030-03-31T01:00:00.000Z');
  });

  it('reads summer and winter times with their own offsets', () => {
    expect(fromZnunyTime('2030-07-01 12:00:00', 'Europe/Berlin', 'x').toISOString()).toBe('2030-07-01T10:00:00.000Z');
    expect(fromZnunyTime('2030-12-01 12:00:00', 'Europe/Berlin', 'x').toISOString()).toBe('2030-12-01T11:00:00.000Z');
  });

  it('writes search dates as wall-clock time in the zone, across the autumn change', () => {
    expect(toZnunyTime(new Date('2030-10-27T00:30:00Z'), 'Europe/Berlin')).toBe('2030-10-27 02:30:00');
    expect(toZnunyTime(new Date('2030-10-27T01:30:00Z'), 'Europe/Berlin')).toBe('2030-10-27 02:30:00');
    expect(toZnunyTime(new Date('2030-10-27T02:30:00Z'), 'Europe/Berlin')).toBe('2030-10-27 03:30:00');
    expect(toZnunyTime(new Date('2030-10-27T02:30:00Z'), 'UTC')).toBe('2030-10-27 02:30:00');
  });

  it('round-trips every instant outside the repeated autumn hour', () => {
    for (const iso of ['2030-03-31T00:59:59Z', '2030-03-31T01:00:00Z', '2030-10-26T23:59:59Z', '2030-10-27T02:00:00Z']) {
      const d = new Date(iso);
      expect(fromZnunyTime(toZnunyTime(d, 'Europe/Berlin'), 'Europe/Berlin', 'x')).toEqual(d);
    }
  });

  it('sends PendingTime as the wall-clock parts in the zone', () => {
    expect(toPendingTime(new Date('2030-03-31T01:30:00Z'), 'Europe/Berlin')).toEqual({ Year: 2030, Month: 3, Day: 31, Hour: 3, Minute: 30 });
    expect(toPendingTime(new Date('2030-01-01T23:30:00Z'), 'Europe/Berlin')).toEqual({ Year: 2030, Month: 1, Day: 2, Hour: 0, Minute: 30 });
  });

  it('rejects a date that is not Znuny-shaped with a SchemaError naming the field', () => {
    expect(() => fromZnunyTime('2030-01-01T10:00:00Z', 'UTC', 'Changed')).toThrow(/Changed/);
  });

  it('converts the ticket and article times of a recorded answer with the configured zone', () => {
    const raw = ticketGetSchema.parse(loadRecording<{ response: { body: unknown } }>('03_ticketget_all_flags').response.body).Ticket[0];
    const snap = toSnapshot({ helpdeskId: 'z', settings: settings({ timeZone: 'Europe/Paris' }) }, raw);
    expect(snap.ticket.createdAt.toISOString()).toBe('2026-11-23T07:39:40.000Z');
    expect(snap.articles[0].createdAt.toISOString()).toBe('2026-11-23T07:39:40.000Z');
  });
});
