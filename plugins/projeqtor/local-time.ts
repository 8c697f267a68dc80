import { DateTime } from 'luxon';
import { SchemaError } from '../../src/plugin-sdk';

const READ_FORMAT = 'yyyy-MM-dd HH:mm:ss';
const BOUND_FORMAT = 'yyyyMMddHHmmss';

/**
 * ProjeQtor writes and reads wall-clock times in the server's zone, without offset. luxon applies that zone's
 * rules; a time in the repeated autumn hour reads as its first occurrence.
 */
export function fromServerTime(value: string, zone: string, field: string, system: string): Date {
  const parsed = DateTime.fromFormat(value, READ_FORMAT, { zone });
  if (!parsed.isValid)
    throw new SchemaError(`ProjeQtor date ${field} "${value}" is not "YYYY-MM-DD HH:MM:SS"`, { system, method: 'parse', path: field, field });
  return parsed.toJSDate();
}

/** "2026-11-23 09:16:00", as ProjeQtor writes its own dates (a note's creationDate). */
export function toServerTime(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toFormat(READ_FORMAT);
}

/** The 14 digits /updated/ takes, server wall clock (a UTC bound misses the change: recorded). */
export function toUpdatedBound(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).toFormat(BOUND_FORMAT);
}

/** The zone's offset from UTC at that instant, in minutes. */
export function offsetMinutes(date: Date, zone: string): number {
  return DateTime.fromJSDate(date, { zone }).offset;
}
