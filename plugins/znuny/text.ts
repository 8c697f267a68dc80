import { createHash } from 'node:crypto';

/**
 * Znuny's MySQL schema is 3-byte utf8: characters outside the BMP (emoji) come back as U+FFFD.
 * Replace them before sending so what is read back equals what was written.
 */
export function toBmp(text: string): string {
  return text.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

/** The idempotency marker in the note's subject: searchable with MIMEBase_Subject and visible to agents. */
export function noteMarker(eventId: string): string {
  const id = /^[A-Za-z0-9._:-]{1,80}$/.test(eventId) ? eventId : createHash('sha256').update(eventId).digest('hex').slice(0, 40);
  return `[tb:${id}]`;
}
