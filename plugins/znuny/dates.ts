import { DateTime } from 'luxon';
import { SchemaError } from '../../src/plugin-sdk';

const FORMAT = 'yyyy-MM-dd HH:mm:ss';

/**
 * Znuny stores and returns wall-clock strings in its system zone (OTRSTimeZone) with no offset,
 * and reads search dates the same way; luxon applies that zone's DST rules both ways.
 */
export function fromZnunyTime(value: string, zone: string, field: string, system = 'znuny'): Date {
  const parsed = DateTime.fromFormat(value, FORMAT, { zone });
  if (!parsed.isValid)
    throw new SchemaError(`Znuny date ${field} "${value}" is not "YYYY-MM-DD HH:MM:SS"`, { system, method: 'parse', path: field, field });
  return parsed.toJSDate();
}

export function toZnunyTime(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toFormat(FORMAT);
}

/** PendingTime as TicketUpdate wants it: wall-clock parts in the helpdesk zone (a string is rejected). */
export function toPendingTime(date: Date, zone: string): { Year: number; Month: number; Day: number; Hour: number; Minute: number } {
  const local = DateTime.fromJSDate(date, { zone });
  return { Year: local.year, Month: local.month, Day: local.day, Hour: local.hour, Minute: local.minute };
}
