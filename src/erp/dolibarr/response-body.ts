/**
 * Dolibarr bodies are read as text and parsed here, because some error paths
 * print an HTML/text preamble before the JSON (dol_print_error) and some 500s
 * have an empty body; a strict JSON parser would fail or hang on those.
 */
export type ParsedBody = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string };

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

/** The body as the SDK's remote-message reader takes it: the JSON value, the text, or nothing. */
export function bodyValue(body: ParsedBody): unknown {
  if (body.kind === 'json') return body.value;
  return body.kind === 'text' ? body.text : undefined;
}
