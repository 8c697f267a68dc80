import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './constant-time';

/** Where the bridge serves ERP documents to helpdesks that take files as links (the generic webhook). */
export const ERP_FILE_ROUTE = '/files/erp';

export interface ErpFileLinkOptions {
  /** The bridge's address as the helpdesk reaches it, e.g. https://bridge.example.com */
  publicUrl: string;
  secret: string;
  ttlMs: number;
  now(): Date;
}

interface ErpFileRef {
  erpRef: string;
  document: string;
}

type LinkCheck = { kind: 'valid'; file: ErpFileRef } | { kind: 'expired' } | { kind: 'invalid' };

export interface ErpFileLinks {
  linkFor(erpRef: string, document: string): { url: string; expiresAt: Date };
  check(token: string): LinkCheck;
}

/**
 * Signed, expiring links: the token carries the ERP ticket ref, the document name and the expiry, with an HMAC over
 * them, so the bridge serves exactly that file until then and keeps no state; any instance sharing the secret
 * verifies it.
 */
export function createErpFileLinks(opts: ErpFileLinkOptions): ErpFileLinks {
  const sign = (payload: string) => createHmac('sha256', opts.secret).update(payload).digest('base64url');
  const base = opts.publicUrl.replace(/\/+$/, '');
  return {
    linkFor(erpRef, document) {
      const expiresAt = new Date(opts.now().getTime() + opts.ttlMs);
      const payload = Buffer.from(JSON.stringify({ r: erpRef, d: document, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
      return { url: `${base}${ERP_FILE_ROUTE}/${payload}.${sign(payload)}`, expiresAt };
    },
    check(token) {
      const [payload, signature, ...rest] = token.split('.');
      if (!payload || !signature || rest.length || !constantTimeEqual(signature, sign(payload))) return { kind: 'invalid' };
      const claims = parseClaims(payload);
      if (!claims) return { kind: 'invalid' };
      if (claims.e * 1000 <= opts.now().getTime()) return { kind: 'expired' };
      return { kind: 'valid', file: { erpRef: claims.r, document: claims.d } };
    },
  };
}

function parseClaims(payload: string): { r: string; d: string; e: number } | null {
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { r, d, e } = claims;
    return typeof r === 'string' && typeof d === 'string' && typeof e === 'number' ? { r, d, e } : null;
  } catch {
    // A token whose signature matched cannot hold anything else; a tampered one was refused before.
    return null;
  }
}
