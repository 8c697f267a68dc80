/**
 * Secret scrubbing for everything that reaches a log line. Two nets: keys that
 * name a secret are masked whatever their value, and known secret values
 * (registered at start-up from the configuration) are masked wherever they appear.
 */
const SECRET_KEY = /(api[_-]?key|dolapikey|token|password|passwd|secret|authorization|cookie|session[_-]?id|signature)/i;
const SECRET_IN_TEXT: RegExp[] = [
  /([?&](?:DOLAPIKEY|api_key|token|SessionID|Password)=)[^&\s"']+/gi,
  /(DOLAPIKEY["']?\s*[:=]\s*["']?)[^"'\s,}&]+/gi,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g,
];
/** What each pattern above starts with: a text without any is left alone, the usual case, without three replaces. */
const SECRET_IN_TEXT_HINT = /DOLAPIKEY|api_key|token|SessionID|Password|Bearer/i;
/** Shorter than any pattern's match and any registered secret. */
const SHORTEST_SECRET = 6;
const MASK = '***';

const knownSecrets = new Set<string>();

/** Registers a secret value so it is masked even inside free text. Short values are ignored to keep logs readable. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= SHORTEST_SECRET) knownSecrets.add(value);
}

function redactText(text: string): string {
  if (text.length < SHORTEST_SECRET) return text;
  let out = text;
  if (SECRET_IN_TEXT_HINT.test(out)) for (const re of SECRET_IN_TEXT) out = out.replace(re, `$1${MASK}`);
  for (const s of knownSecrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8 || seen.has(value)) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    const plain: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    for (const [k, v] of Object.entries(value)) plain[k] = SECRET_KEY.test(k) ? MASK : redact(v, depth + 1, seen);
    return plain;
  }
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '' ? MASK : redact(v, depth + 1, seen);
  }
  return out;
}
