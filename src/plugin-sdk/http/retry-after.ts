/**
 * Milliseconds a Retry-After header asks us to wait: delta-seconds (fractions accepted, some
 * gateways send them) or an HTTP date. Absent, empty or unreadable → undefined; a date in the past → 0.
 */
export function parseRetryAfter(header: unknown, now: Date | number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // HTTP dates start with the day name; anything else (a negative number, garbage) asks for nothing.
  const at = /^[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - (typeof now === 'number' ? now : now.getTime()));
}
