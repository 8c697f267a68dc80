import { DateTime } from 'luxon';

/** One formatter per time zone: building one (or a luxon DateTime) per call cost more than the rest of the rule. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'iso8601' });
    } catch {
      throw new RangeError(`invalid time zone: ${timeZone}`);
    }
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** The calendar day ("2026-03-29") of an instant in a time zone, so DST changes do not shift days. */
export function localDay(date: Date, timeZone: string): string {
  const format = dayFormat(timeZone);
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid date: ${String(date)}`);
  let year = '';
  let month = '';
  let day = '';
  for (const part of format.formatToParts(date)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year.padStart(4, '0')}-${month}-${day}`;
}

/** "2026-03" → [first instant of the month, first instant of the next month) in the time zone. */
export function monthBounds(period: string, timeZone: string): { from: Date; to: Date } {
  const start = DateTime.fromFormat(period, 'yyyy-MM', { zone: timeZone });
  if (!start.isValid) throw new RangeError(`invalid period "${period}" (expected YYYY-MM)`);
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}
