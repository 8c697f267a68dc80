import { calendarSchema, slaConfigSchema } from '../../../../src/config/sla-schema';
import { addBusinessMinutes, businessMinutesBetween, compileCalendar } from '../../../../src/sync/rules/business-calendar';

/** The teams' office: Mon–Fri 9:00–12:00 and 14:00–18:00 in Paris, French public holidays. */
const office = compileCalendar('office', calendarSchema.parse({ timeZone: 'Europe/Paris', holidays: { country: 'FR' } }));
const allDay = (d: string) => [d, ['00:00-24:00']];
const roundTheClock = compileCalendar(
  'always',
  calendarSchema.parse({ timeZone: 'Europe/Paris', hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map(allDay)) }),
);

const at = (iso: string) => new Date(iso);

describe('business calendar', () => {
  it('counts only the opening ranges of a day, skipping the lunch break', () => {
    // Tuesday 3 November 2026, Paris is UTC+1.
    expect(businessMinutesBetween(office, at('2026-11-03T11:30:00+01:00'), at('2026-11-03T14:30:00+01:00'))).toBe(60);
    expect(addBusinessMinutes(office, at('2026-11-03T11:30:00+01:00'), 60)).toEqual(at('2026-11-03T14:30:00+01:00'));
  });

  it('puts a target reached at the end of a range at that end, not at the next opening', () => {
    expect(addBusinessMinutes(office, at('2026-11-03T11:50:00+01:00'), 10)).toEqual(at('2026-11-03T12:00:00+01:00'));
  });

  it('starts the clock at the next opening for a ticket opened outside hours', () => {
    expect(businessMinutesBetween(office, at('2026-11-03T07:00:00+01:00'), at('2026-11-03T09:00:00+01:00'))).toBe(0);
    expect(addBusinessMinutes(office, at('2026-11-03T07:00:00+01:00'), 30)).toEqual(at('2026-11-03T09:30:00+01:00'));
    expect(addBusinessMinutes(office, at('2026-11-03T20:00:00+01:00'), 30)).toEqual(at('2026-11-04T09:30:00+01:00'));
  });

  it('skips a weekend', () => {
    // Friday 6 November 17:30 + 60 min → Monday 9 November 9:30.
    expect(addBusinessMinutes(office, at('2026-11-06T17:30:00+01:00'), 60)).toEqual(at('2026-11-09T09:30:00+01:00'));
    expect(businessMinutesBetween(office, at('2026-11-06T17:30:00+01:00'), at('2026-11-09T09:30:00+01:00'))).toBe(60);
  });

  it('skips a public holiday on a Monday (Easter Monday 6 April 2026)', () => {
    expect(office.closedReason('2026-04-06')).toBe('holiday: Lundi de Pâques');
    expect(addBusinessMinutes(office, at('2026-04-03T17:00:00+02:00'), 120)).toEqual(at('2026-04-07T10:00:00+02:00'));
    expect(businessMinutesBetween(office, at('2026-04-03T17:00:00+02:00'), at('2026-04-07T10:00:00+02:00'))).toBe(120);
  });

  it('starts the clock on the next working day for a ticket opened on a holiday', () => {
    // Wednesday 11 November (Armistice) 10:00 → Thursday 12 November 9:30.
    expect(addBusinessMinutes(office, at('2026-11-11T10:00:00+01:00'), 30)).toEqual(at('2026-11-12T09:30:00+01:00'));
  });

  it('is exact across the spring DST night (last Sunday of March)', () => {
    // Friday 27 March 17:00 is UTC+1; Monday 30 March 10:00 is UTC+2.
    expect(addBusinessMinutes(office, at('2026-03-27T17:00:00+01:00'), 120)).toEqual(at('2026-03-30T10:00:00+02:00'));
    expect(addBusinessMinutes(office, at('2026-03-27T17:00:00+01:00'), 120).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    // The Sunday has 23 hours.
    expect(businessMinutesBetween(roundTheClock, at('2026-03-28T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'))).toBe(47 * 60);
  });

  it('is exact across the autumn DST night (last Sunday of October)', () => {
    expect(addBusinessMinutes(office, at('2026-10-23T17:00:00+02:00'), 120).toISOString()).toBe('2026-10-26T09:00:00.000Z');
    // The Sunday has 25 hours.
    expect(businessMinutesBetween(roundTheClock, at('2026-10-24T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'))).toBe(49 * 60);
    expect(addBusinessMinutes(roundTheClock, at('2026-10-25T00:00:00+02:00'), 25 * 60)).toEqual(at('2026-10-26T00:00:00+01:00'));
  });

  it('closes the extra closed days and honours several ranges and weekend hours', () => {
    const shop = compileCalendar(
      'shop',
      calendarSchema.parse({ hours: { sat: ['09:00-12:00'], mon: ['08:00-10:00', '10:30-12:00'] }, closedDays: ['2026-11-09'] }),
    );
    expect(shop.closedReason('2026-11-09')).toBe('closed day');
    // Friday 17:00 → 60 min Friday, 60 min Saturday morning.
    expect(addBusinessMinutes(shop, at('2026-11-06T17:00:00+01:00'), 120)).toEqual(at('2026-11-07T10:00:00+01:00'));
    // Monday 9 November is closed; Monday 16 November opens at 8:00, pauses 10:00–10:30.
    expect(addBusinessMinutes(shop, at('2026-11-14T12:00:00+01:00'), 130)).toEqual(at('2026-11-16T10:40:00+01:00'));
  });

  it('adds and measures consistently over a year of starting points', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 300; i++) {
      const from = new Date(Date.UTC(2026, 0, 1) + (next() % (365 * 24 * 60)) * 60_000);
      const minutes = next() % 5000;
      const due = addBusinessMinutes(office, from, minutes);
      expect(businessMinutesBetween(office, from, due)).toBe(minutes);
    }
  });

  it('treats a range reversed or an empty interval as nothing', () => {
    expect(businessMinutesBetween(office, at('2026-11-04T10:00:00+01:00'), at('2026-11-03T10:00:00+01:00'))).toBe(0);
  });
});

describe('calendar configuration', () => {
  const issues = (input: unknown) => {
    const r = slaConfigSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('defaults to the office hours of the issue', () => {
    const c = calendarSchema.parse({});
    expect(c.hours.mon).toEqual(['09:00-12:00', '14:00-18:00']);
    expect(c.hours.sat).toEqual([]);
    expect(c.timeZone).toBe('Europe/Paris');
  });

  it('checks public holidays against the library only when service levels are enabled', () => {
    expect(issues({ enabled: false, calendars: { default: { holidays: { country: 'XX' } } } })).toEqual([]);
    expect(issues({ enabled: true, calendars: { default: { holidays: { country: 'DE', state: 'BY' } } } })).toEqual([]);
  });

  it('names the bad field', () => {
    expect(issues({ calendars: { default: { hours: { mon: ['09:00-12:00', '11:00-13:00'] } } } })).toEqual([
      'calendars.default.hours.mon: ranges of one day must not overlap',
    ]);
    expect(issues({ calendars: { default: { hours: { tue: ['9-12'] } } } })[0]).toMatch(/^calendars.default.hours.tue.0: must be a range/);
    expect(issues({ calendars: { default: { hours: { wed: ['14:00-09:00'] } } } })).toEqual([
      'calendars.default.hours.wed.0: a range must end after it starts',
    ]);
    expect(issues({ calendars: { default: { timeZone: 'Europe/Pariss' } } })).toEqual([
      'calendars.default.timeZone: must be an IANA time zone such as Europe/Paris',
    ]);
    expect(issues({ enabled: true, calendars: { default: { holidays: { country: 'XX' } } } })).toEqual([
      'calendars.default.holidays.country: unknown country "XX" (date-holidays codes, e.g. FR)',
    ]);
    expect(issues({ enabled: true, calendars: { default: { holidays: { country: 'DE', state: 'XX' } } } })).toEqual([
      'calendars.default.holidays.state: unknown state "XX" for DE',
    ]);
    expect(issues({ calendars: { default: { closedDays: ['24/12/2026'] } } })).toEqual(['calendars.default.closedDays.0: must be a date YYYY-MM-DD']);
    const closed = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, []]));
    expect(issues({ calendars: { default: { hours: closed } } })).toEqual([
      'calendars.default.hours: a calendar must be open at least one range a week',
    ]);
  });
});
