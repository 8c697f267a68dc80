/**
 * External references stay within [A-Za-z0-9._-]: a search criterion is raw SQL in a URL path, split on `/`
 * even when percent-encoded (recorded), so other characters are written as `_` + two hex digits per UTF-8 byte
 * (`_` itself as `_5F`). The encoding is one-to-one, and common helpdesk numbers (2024120510000012, HD-10042)
 * pass unchanged.
 */
export function toExternalReference(ref: string): string {
  let out = '';
  for (const byte of Buffer.from(ref, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9.-]/.test(ch) ? ch : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The /search/ criterion for an exact reference: quotes doubled, as SQL wants (a no-op after the encoding above). */
export function externalReferenceCriterion(reference: string): string {
  return encodeURIComponent(`externalReference='${reference.replace(/'/g, "''")}'`);
}

/** The reference as the helpdesk wrote it; a value edited by hand that is not an encoding comes back as is. */
export function fromExternalReference(stored: string): string {
  if (!/^[A-Za-z0-9._-]*$/.test(stored)) return stored;
  const bytes: number[] = [];
  for (let i = 0; i < stored.length; i++) {
    const hex = stored[i] === '_' ? /^[0-9A-F]{2}/.exec(stored.slice(i + 1))?.[0] : undefined;
    if (hex) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(stored.charCodeAt(i));
  }
  const decoded = Buffer.from(bytes).toString('utf8');
  return toExternalReference(decoded) === stored ? decoded : stored;
}
