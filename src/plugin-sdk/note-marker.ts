import { createHash } from 'node:crypto';

/** Characters every helpdesk keeps verbatim in a subject and matches literally in a search. */
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,80}$/;

/**
 * The idempotency marker a plugin puts in the notes it writes ("[tb:<event id>]"), so a retried
 * delivery finds the note the lost answer was about instead of writing a second one. Readable
 * event ids are kept as they are, for agents; others (long ones, or with characters a helpdesk's
 * search treats as wildcards or drops) become a hash of the event id, the same on every attempt.
 */
export function noteMarker(eventId: string): string {
  const id = PLAIN_ID.test(eventId) ? eventId : createHash('sha256').update(eventId).digest('hex').slice(0, 40);
  return `[tb:${id}]`;
}
