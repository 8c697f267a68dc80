import { createHmac } from 'node:crypto';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, computeSignature, signPayload, verifySignature } from '../../../plugins/webhook/signature';

const secret = 's3cret-value';
const body = Buffer.from('{"eventId":"e1","type":"ticket.deleted"}');
const ts = 1714557600;

function verify(headers: Record<string, string | string[] | undefined>, overrides: Partial<Parameters<typeof verifySignature>[0]> = {}) {
  return verifySignature({ secret, rawBody: body, headers, nowSeconds: ts, toleranceSeconds: 300, ...overrides });
}

function reason(result: ReturnType<typeof verifySignature>): string {
  return result.ok ? '(accepted)' : result.reason;
}

describe('webhook signature', () => {
  it('is HMAC-SHA256 of "<timestamp>.<raw body>" in hex, prefixed sha256=', () => {
    const independent = createHmac('sha256', secret).update(`${ts}.${body.toString()}`).digest('hex');
    expect(signPayload(secret, body, ts)).toEqual({ [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: `sha256=${independent}` });
    expect(computeSignature(secret, body.toString(), ts)).toBe(independent);
  });

  it('accepts its own signature whatever the header case', () => {
    const headers = signPayload(secret, body, ts);
    expect(verify(headers)).toEqual({ ok: true, timestampSeconds: ts });
    const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(verify(lowered).ok).toBe(true);
  });

  it('refuses another secret, a changed body and a changed timestamp', () => {
    const headers = signPayload(secret, body, ts);
    expect(verify(signPayload('other', body, ts))).toEqual({ ok: false, reason: expect.stringMatching(/signature does not match/) });
    expect(verify(headers, { rawBody: Buffer.from(body.toString().replace('e1', 'e2')) }).ok).toBe(false);
    expect(verify({ ...headers, [TIMESTAMP_HEADER]: String(ts + 1) }).ok).toBe(false);
  });

  it('names the missing or malformed header', () => {
    const headers = signPayload(secret, body, ts);
    expect(verify({ [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER] })).toEqual({ ok: false, reason: `missing ${TIMESTAMP_HEADER} header` });
    expect(verify({ [TIMESTAMP_HEADER]: headers[TIMESTAMP_HEADER] })).toEqual({ ok: false, reason: `missing ${SIGNATURE_HEADER} header` });
    expect(reason(verify({ ...headers, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER].slice(0, -2) }))).toMatch(/64 hex digits/);
    expect(reason(verify({ ...headers, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER].replace('sha256=', 'sha1=') }))).toMatch(/"sha256="/);
    expect(reason(verify({ ...headers, [TIMESTAMP_HEADER]: '2024-05-01T10:00:00Z' }))).toMatch(/unix time/);
    expect(reason(verify({ ...headers, [SIGNATURE_HEADER]: [headers[SIGNATURE_HEADER], headers[SIGNATURE_HEADER]] }))).toMatch(/more than once/);
  });

  it('refuses timestamps beyond the tolerance either way, and accepts the edge', () => {
    const at = (t: number) => verify(signPayload(secret, body, t));
    expect(at(ts - 300).ok).toBe(true);
    expect(at(ts + 300).ok).toBe(true);
    expect(at(ts - 301)).toEqual({ ok: false, reason: expect.stringMatching(/301 s old/) });
    expect(at(ts + 301)).toEqual({ ok: false, reason: expect.stringMatching(/301 s in the future/) });
  });

  it('never puts the secret or the expected signature in a reason', () => {
    const expected = computeSignature(secret, body, ts);
    const bad = verify({ ...signPayload(secret, body, ts), [SIGNATURE_HEADER]: `sha256=${'0'.repeat(64)}` });
    expect(bad.ok).toBe(false);
    const reason = bad.ok ? '' : bad.reason;
    expect(reason).not.toContain(secret);
    expect(reason).not.toContain(expected);
  });
});
