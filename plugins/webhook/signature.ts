import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header names as sent; receivers should match them case-insensitively (Node lowercases them). */
export const TIMESTAMP_HEADER = 'X-TicketBridge-Timestamp';
export const SIGNATURE_HEADER = 'X-TicketBridge-Signature';
export const EVENT_ID_HEADER = 'X-TicketBridge-Event-Id';

const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/i;
const TIMESTAMP_FORMAT = /^\d{1,12}$/;

export type SignatureHeaders = {
  [TIMESTAMP_HEADER]: string;
  [SIGNATURE_HEADER]: string;
};

/** Hex HMAC-SHA256 over "<timestamp>.<raw body>"; the raw bytes are hashed, never a re-serialization. */
export function computeSignature(secret: string, rawBody: Buffer | string, timestampSeconds: number): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
}

/** The two headers that authenticate a delivery in either direction. */
export function signPayload(secret: string, rawBody: Buffer | string, timestampSeconds: number): SignatureHeaders {
  return {
    [TIMESTAMP_HEADER]: String(timestampSeconds),
    [SIGNATURE_HEADER]: `sha256=${computeSignature(secret, rawBody, timestampSeconds)}`,
  };
}

type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

export interface VerifyOptions {
  secret: string;
  rawBody: Buffer | string;
  headers: HeaderBag;
  nowSeconds: number;
  toleranceSeconds: number;
}

export type VerifyResult = { ok: true; timestampSeconds: number } | { ok: false; reason: string };

/** One header's value, whatever case the sender or the HTTP stack used. */
function headerValue(headers: HeaderBag, name: string): string | string[] | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function single(headers: HeaderBag, name: string): { value: string } | { reason: string } {
  const value = headerValue(headers, name);
  if (value === undefined || value === '') return { reason: `missing ${name} header` };
  if (Array.isArray(value)) return { reason: `${name} header was sent more than once` };
  return { value: value.trim() };
}

/**
 * Checks a delivery's signature, then its age. The signature goes first so that a
 * wrong secret is reported as such even when the clock is also off. Reasons never
 * contain the secret or the expected signature.
 */
export function verifySignature(opts: VerifyOptions): VerifyResult {
  const ts = single(opts.headers, TIMESTAMP_HEADER);
  if ('reason' in ts) return { ok: false, reason: ts.reason };
  const sig = single(opts.headers, SIGNATURE_HEADER);
  if ('reason' in sig) return { ok: false, reason: sig.reason };
  if (!TIMESTAMP_FORMAT.test(ts.value)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix time in whole seconds` };
  const given = SIGNATURE_FORMAT.exec(sig.value);
  if (!given) return { ok: false, reason: `${SIGNATURE_HEADER} must be "sha256=" followed by 64 hex digits` };

  const timestampSeconds = Number(ts.value);
  const expected = Buffer.from(computeSignature(opts.secret, opts.rawBody, timestampSeconds), 'hex');
  const actual = Buffer.from(given[1], 'hex');
  // Both are 32 bytes once the format matched; the length test keeps timingSafeEqual from throwing regardless.
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, reason: 'signature does not match the body and timestamp (wrong secret, or the body was changed)' };
  }
  const skew = opts.nowSeconds - timestampSeconds;
  if (skew > opts.toleranceSeconds) {
    return {
      ok: false,
      reason: `timestamp is ${skew} s old, more than the ${opts.toleranceSeconds} s allowed (replay, or the sender's clock is wrong)`,
    };
  }
  if (-skew > opts.toleranceSeconds) {
    return {
      ok: false,
      reason: `timestamp is ${-skew} s in the future, more than the ${opts.toleranceSeconds} s allowed (check the sender's clock)`,
    };
  }
  return { ok: true, timestampSeconds };
}
