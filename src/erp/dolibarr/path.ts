/** One URL path segment from a value (e-mail, ref, login), with the characters encodeURIComponent leaves alone. */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
