/**
 * Dolibarr bodies are read as text and parsed here, because some error paths
 * print an HTML/text preamble before the JSON (dol_print_error) and some 500s
 * have an empty body; a strict JSON parser would fail or hang on those.
 */
export type ParsedBody =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string };

/** Where JSON may start after a preamble; bounded so a huge HTML page costs little. */
const MAX_JSON_START_CANDIDATES = 50;

export function parseBody(text: string): ParsedBody {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  const direct = tryJson(trimmed);
  if (direct.ok) return { kind: 'json', value: direct.value };
  let tried = 0;
  for (let i = 1; i < trimmed.length && tried < MAX_JSON_START_CANDIDATES; i += 1) {
    const c = trimmed[i];
    if (c !== '{' && c !== '[') continue;
    tried += 1;
    const candidate = tryJson(trimmed.slice(i));
    if (candidate.ok && typeof candidate.value === 'object' && candidate.value !== null) {
      return { kind: 'json', value: candidate.value };
    }
  }
  return { kind: 'text', text: trimmed };
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Dolibarr's own message: `error.message` plus the numeric-key details that
 * failed creates put beside it ({"error":{"0":"Error Duplicate entry ..."}}).
 */
export function remoteMessageOf(body: ParsedBody): string | undefined {
  if (body.kind === 'empty') return undefined;
  if (body.kind === 'text') return stripHtml(body.text).slice(0, 500);
  const value = body.value;
  if (typeof value === 'string') return stripHtml(value).slice(0, 500);
  if (typeof value !== 'object' || value === null) return undefined;
  const error = (value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const parts: string[] = [];
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && message) parts.push(message);
  for (const [key, detail] of Object.entries(error)) {
    if (/^\d+$/.test(key) && typeof detail === 'string' && detail && !parts.includes(detail)) parts.push(detail);
  }
  return parts.length ? parts.join(' | ') : undefined;
}

function stripHtml(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}
