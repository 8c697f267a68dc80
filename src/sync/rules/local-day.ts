import { DateTime } from 'luxon';

/** The calendar day ("2026-03-29") of an instant in a time zone, so DST changes do not shift days. */
export function localDay(date: Date, timeZone: string): string {
  const iso = DateTime.fromJSDate(date, { zone: timeZone }).toISODate();
  if (!iso) throw new RangeError(`invalid date or time zone: ${String(date)} / ${timeZone}`);
  return iso;
}

/** "2026-03" → [first instant of the month, first instant of the next month) in the time zone. */
export function monthBounds(period: string, timeZone: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(period, 'yyyy-MM', { zone: timeZone });
  if (!start.isValid) throw new RangeError(`invalid period "${period}" (expected YYYY-MM)`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}
