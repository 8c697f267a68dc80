import { z } from 'zod';

/** An IANA time zone name, Europe/Paris unless set: the support rules and the business calendars use the same. */
export const timeZoneSchema = z
  .string()
  .refine((tz) => isKnownTimeZone(tz), { message: 'must be an IANA time zone such as Europe/Paris' })
  .default('Europe/Paris');

function isKnownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
