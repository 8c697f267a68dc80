/** Long enough for any real error text, short enough that an HTML error page does not flood a log line. */
const MAX_LENGTH = 500;
const HTML_TAG = /<\/?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?\/?>/g;

/**
 * The remote system's own words from an error body, as the shapes seen in the recordings give them:
 * a text or HTML body, `{"message": ...}` (RT), `["...", ...]` (RT write results),
 * `{"error": "..."}`, `{"error": {"message": ..., "0": ...}}` (Dolibarr puts details under numeric keys),
 * `{"errorMessages": [...]}` (Jira). Pass the parsed JSON, or the text when it is not JSON.
 */
export function remoteMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return clean(body);
  if (Array.isArray(body)) return body.length && body.every((m) => typeof m === 'string') ? clean(body.join('; ')) : undefined;
  if (!isRecord(body)) return undefined;
  if (typeof body.message === 'string') return clean(body.message);
  if (typeof body.error === 'string') return clean(body.error);
  if (isRecord(body.error)) return clean(errorObjectMessage(body.error));
  if (Array.isArray(body.errorMessages)) return remoteMessageOf(body.errorMessages);
  return undefined;
}

function errorObjectMessage(error: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof error.message === 'string' && error.message) parts.push(error.message);
  for (const [key, detail] of Object.entries(error)) {
    if (/^\d+$/.test(key) && typeof detail === 'string' && detail && !parts.includes(detail)) parts.push(detail);
  }
  return parts.join(' | ');
}

function clean(text: string): string | undefined {
  return text.replace(HTML_TAG, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_LENGTH) || undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
