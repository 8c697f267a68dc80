import { DateTime } from 'luxon';
import { WEEKDAYS, type CalendarConfig } from '../../config/sla-schema';
import { holidayLibrary } from '../../util/holiday-library';

/** An open interval of one day, as instants (Unix ms), start included, end excluded. */
type OpenInterval = readonly [startMs: number, endMs: number];

/**
 * Opening hours of one team: which instants count as business time. Built from configuration;
 * every figure is derived from the instants given, never from the current time, so the same
 * history always yields the same figures.
 */
export interface BusinessCalendar {
  readonly name: string;
  readonly timeZone: string;
  /** Open intervals of the local day that starts at `day` (a start of day in the calendar's zone). */
  openIntervals(day: DateTime): OpenInterval[];
  /** Why a local date is closed as a whole ("holiday: Toussaint", "closed day"), or null when it is not. */
  closedReason(isoDate: string): string | null;
}

/** A calendar with no open hour for this many days is a configuration error, not a reason to loop forever. */
const MAX_DAYS_SCANNED = 3 * 366;

interface Range {
  start: { hour: number; minute: number };
  /** Minutes after the start of the day; 1440 = the next midnight. */
  endMinutes: number;
}

function parseRange(r: string): Range {
  const [from, to] = r.split('-') as [string, string];
  return {
    start: { hour: Number(from.slice(0, 2)), minute: Number(from.slice(3)) },
    endMinutes: Number(to.slice(0, 2)) * 60 + Number(to.slice(3)),
  };
}

export function compileCalendar(name: string, config: CalendarConfig): BusinessCalendar {
  const zone = config.timeZone;
  // Luxon weekdays: 1 = Monday … 7 = Sunday.
  const rangesByWeekday = WEEKDAYS.map((d) => config.hours[d].map(parseRange));
  const closedDays = new Set(config.closedDays);
  const holidaySource = config.holidays
    ? new (holidayLibrary())(config.holidays.country, config.holidays.state ?? '', config.holidays.region ?? '', {
        types: config.holidays.types,
        timezone: zone,
      })
    : null;
  const holidaysByYear = new Map<number, Map<string, string>>();

  function holidayName(isoDate: string): string | undefined {
    if (!holidaySource) return undefined;
    const year = Number(isoDate.slice(0, 4));
    let days = holidaysByYear.get(year);
    if (!days) {
      days = new Map();
      for (const h of holidaySource.getHolidays(year)) {
        if (config.holidays!.types.includes(h.type as never)) days.set(h.date.slice(0, 10), h.name);
      }
      holidaysByYear.set(year, days);
    }
    return days.get(isoDate);
  }

  function closedReason(isoDate: string): string | null {
    if (closedDays.has(isoDate)) return 'closed day';
    const holiday = holidayName(isoDate);
    return holiday ? `holiday: ${holiday}` : null;
  }

  return {
    name,
    timeZone: zone,
    closedReason,
    openIntervals(day) {
      if (closedReason(day.toISODate()!)) return [];
      return rangesByWeekday[day.weekday - 1]!.map((r) => {
        const start = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, ...r.start }, { zone });
        // End of range as a wall-clock time of the same day, or the next midnight: DST-correct either way.
        const end =
          r.endMinutes === 1440
            ? day.plus({ days: 1 }).startOf('day')
            : DateTime.fromObject(
                { year: day.year, month: day.month, day: day.day, hour: Math.floor(r.endMinutes / 60), minute: r.endMinutes % 60 },
                { zone },
              );
        return [start.toMillis(), end.toMillis()] as const;
      });
    },
  };
}

function startOfLocalDay(cal: BusinessCalendar, at: Date): DateTime {
  return DateTime.fromJSDate(at, { zone: cal.timeZone }).startOf('day');
}

/** Business milliseconds between two instants (0 when `to` is not after `from`). */
export function businessMsBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs <= fromMs) return 0;
  let total = 0;
  for (let day = startOfLocalDay(cal, from); day.toMillis() < toMs; day = day.plus({ days: 1 })) {
    for (const [start, end] of cal.openIntervals(day)) {
      const overlap = Math.min(end, toMs) - Math.max(start, fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * The instant at which `ms` business milliseconds have passed after `from`. A target reached at
 * the very end of a range falls at that end (12:00), not at the next opening (14:00).
 */
export function addBusinessMs(cal: BusinessCalendar, from: Date, ms: number): Date {
  const fromMs = from.getTime();
  let remaining = Math.max(0, ms);
  let day = startOfLocalDay(cal, from);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, day = day.plus({ days: 1 })) {
    for (const [start, end] of cal.openIntervals(day)) {
      if (end <= fromMs) continue;
      const begin = Math.max(start, fromMs);
      if (remaining <= end - begin) return new Date(begin + remaining);
      remaining -= end - begin;
    }
  }
  throw new Error(`calendar "${cal.name}" has no business time within ${MAX_DAYS_SCANNED} days of ${from.toISOString()}`);
}

export const MINUTE_MS = 60_000;

export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  return businessMsBetween(cal, from, to) / MINUTE_MS;
}

export function addBusinessMinutes(cal: BusinessCalendar, from: Date, minutes: number): Date {
  return addBusinessMs(cal, from, minutes * MINUTE_MS);
}
