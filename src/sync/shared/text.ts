import { createHash } from 'node:crypto';

/** What Dolibarr keeps of a plain-text field (alphanohtml): no tags, no double quotes. */
export function asDolibarrPlainText(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/"/g, '')
    .trim();
}

/**
 * A fingerprint of a message that survives the round trip through either side:
 * tags, entities, 4-byte characters (Znuny drops them) and whitespace are ignored.
 */
export function messageFingerprint(text: string): string {
  const normalized = text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .replace(/[\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return createHash('sha256').update(normalized).digest('hex').slice(0, 32);
}
