import { DateTime } from 'luxon';
import { InputError } from '../../src/plugin-sdk';
import { offsetMinutes, toUpdatedBound } from './local-time';

/**
 * The poll cursor: the last window's end as the server's wall clock with its UTC offset ("20261123091644+0100").
 * The wall clock is what /updated/ compares; the offset keeps the instant unambiguous in the repeated autumn hour.
 */
const CURSOR = /^(\d{14})([+-]\d{4})$/;

export interface UpdatedWindow {
  /** Inclusive, server wall clock. */
  from: string;
  /** Exclusive, server wall clock. */
  to: string;
  /** The cursor to persist once the window's issues are handled. */
  next: string;
}

function encodeCursor(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyyMMddHHmmssZZZ');
}

function decodeCursor(cursor: string): Date {
  const m = CURSOR.exec(cursor);
  const parsed = m ? DateTime.fromFormat(`${m[1]}${m[2]}`, 'yyyyMMddHHmmssZZZ', { setZone: true }) : undefined;
  if (!parsed?.isValid) throw new InputError(`ProjeQtor cursor "${cursor}" is not YYYYMMDDHHMMSS±HHMM`);
  return parsed.toJSDate();
}

/**
 * The next /updated/ window: [cursor − overlap, now), or [since, now) on the first poll. History dates are
 * wall-clock strings, so when the clock went back an hour inside the window (autumn DST) the start moves back
 * by the same amount: rows written in the repeated hour sort before the cursor's wall clock. Rows later than
 * `now`'s wall clock in that hour are not lost: the following windows reach them as the clock catches up.
 */
export function nextWindow(cursor: string | null, since: Date, now: Date, zone: string, overlapSeconds: number): UpdatedWindow {
  const start = cursor === null ? since : new Date(decodeCursor(cursor).getTime() - overlapSeconds * 1000);
  const fallBackMinutes = Math.max(0, offsetMinutes(start, zone) - offsetMinutes(now, zone));
  const from = toUpdatedBound(new Date(start.getTime() - fallBackMinutes * 60_000), zone);
  return { from, to: toUpdatedBound(now, zone), next: encodeCursor(now, zone) };
}
