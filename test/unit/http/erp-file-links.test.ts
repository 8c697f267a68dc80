import { createErpFileLinks } from '../../../src/http/erp-file-links';

const t0 = new Date('2026-12-05T10:00:00Z');

function links(now = () => t0, secret = 'a-file-link-secret-of-32-characters!!') {
  return createErpFileLinks({ publicUrl: 'https://bridge.example.com/', secret, ttlMs: 3600_000, now });
}

const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('signed ERP file links', () => {
  it('names one document of one ERP ticket until the link expires', () => {
    const { url, expiresAt } = links().linkFor('HD-1001', 'signed quote.pdf');
    expect(url).toMatch(/^https:\/\/bridge\.example\.com\/files\/erp\/[\w-]+\.[\w-]+$/);
    expect(expiresAt).toEqual(new Date('2026-12-05T11:00:00Z'));
    expect(links().check(tokenOf(url))).toEqual({ kind: 'valid', file: { erpRef: 'HD-1001', document: 'signed quote.pdf' } });
    expect(links(() => new Date('2026-12-05T10:59:59Z')).check(tokenOf(url)).kind).toBe('valid');
    expect(links(() => new Date('2026-12-05T11:00:00Z')).check(tokenOf(url))).toEqual({ kind: 'expired' });
  });

  it('refuses a link for another file, a later expiry, another secret or a mangled token', () => {
    const token = tokenOf(links().linkFor('HD-1001', 'quote.pdf').url);
    const [payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = (change: Record<string, unknown>) => `${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${signature}`;
    expect(links().check(forged({ d: 'payroll.xlsx' }))).toEqual({ kind: 'invalid' });
    expect(links().check(forged({ e: (claims.e as number) + 86_400 }))).toEqual({ kind: 'invalid' });
    expect(links(() => t0, 'another-secret-also-32-characters-long').check(token)).toEqual({ kind: 'invalid' });
    for (const bad of ['', payload, `${payload}.`, `${token}.extra`, 'not-base64.at-all']) expect(links().check(bad)).toEqual({ kind: 'invalid' });
  });
});
