import type Holidays from 'date-holidays';

let loaded: typeof Holidays | undefined;

/**
 * The date-holidays library, loaded the first time a calendar names a country: it holds every country's rules, ~20 MiB
 * resident (5 MiB of heap that every major garbage collection marks again), which a bridge without public holidays in
 * its service levels would carry for nothing. Synchronous, as configuration is checked and calendars are built.
 */
export function holidayLibrary(): typeof Holidays {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
  loaded ??= require('date-holidays') as typeof Holidays;
  return loaded;
}
