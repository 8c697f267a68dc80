/**
 * Dolibarr's _checkValForAPI: html fields keep markup except <script> tags (their text stays),
 * every other string loses its tags and double quotes (alphanohtml).
 */
const HTML_FIELDS = new Set(['message', 'note', 'note_private', 'note_public', 'desc', 'description']);

function sanitizeField(field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (HTML_FIELDS.has(field)) return value.replace(/<\/?script[^>]*>/gi, '');
  return value.replace(/<[^>]*>/g, '').replace(/"/g, '');
}

export function sanitizeBody(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) out[k] = sanitizeField(k, v);
  return out;
}

/** Third-party phones are stored without spaces and dots; contacts' phones are not normalised. */
export const normalizeThirdPartyPhone = (phone: string): string => phone.replace(/[\s.]/g, '');
