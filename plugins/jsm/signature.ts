import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Hub-Signature: sha256=<hex>` (WebSub): HMAC-SHA256 of the raw body with the admin webhook's secret. */
export function hubSignature(secret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Constant-time check of a received header; other methods than sha256 are refused, not guessed at. */
export function validHubSignature(secret: string, rawBody: Buffer, header: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
