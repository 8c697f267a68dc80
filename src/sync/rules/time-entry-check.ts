import { type TimeEntry, InputError } from '../../plugin-sdk';

/**
 * Refuses durations that cannot be real work: zero, negative, fractional seconds,
 * or longer than the configured maximum. The error names the entry.
 */
export function checkTimeEntry(entry: TimeEntry, maxEntrySeconds: number): InputError | null {
  const what = `time entry ${entry.id}`;
  if (!(entry.start instanceof Date) || Number.isNaN(entry.start.getTime())) return new InputError(what, ['start: invalid date']);
  if (!Number.isInteger(entry.seconds)) return new InputError(what, [`seconds: must be a whole number of seconds, got ${entry.seconds}`]);
  if (entry.seconds <= 0) return new InputError(what, [`seconds: duration must be positive, got ${entry.seconds} s`]);
  if (entry.seconds > maxEntrySeconds) {
    return new InputError(what, [
      `seconds: duration ${entry.seconds} s exceeds the maximum of ${maxEntrySeconds} s (rules.interventions.maxEntrySeconds)`,
    ]);
  }
  return null;
}
