/** As Dolibarr stores a third-party phone: spaces and dots removed. */
export function normalizeThirdPartyPhone(phone: string): string {
  return phone.replace(/[\s.]/g, '');
}

export const digits = (s: string | null): string => (s ?? '').replace(/\D/g, '');

/** Same number when the digits match, or the last 9 (national number) when an international prefix differs. */
export function samePhone(a: string | null, b: string): boolean {
  const x = digits(a);
  const y = digits(b);
  if (!x || !y) return false;
  if (x === y) return true;
  return x.length >= 9 && y.length >= 9 && x.slice(-9) === y.slice(-9);
}
