import { createHmac, randomBytes } from 'node:crypto';
import { constantTimeEqual } from '../constant-time';

export const SESSION_COOKIE = 'tb_admin_session';
export const SESSION_TTL_MS = 8 * 3600_000;

export interface AdminSession {
  id: string;
  expiresAt: Date;
  /** The token every form of this session must send back. */
  csrf: string;
}

/**
 * Stateless signed sessions: `<id>.<expiry ms>.<HMAC>`, keyed from the admin token, so changing the token ends
 * every session and nothing needs storing. The CSRF token is derived from the session id with the same key.
 */
export class AdminSessions {
  private readonly key: Buffer;

  constructor(adminToken: string) {
    this.key = createHmac('sha256', adminToken).update('ticketbridge admin session v1').digest();
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }

  private session(id: string, expiresMs: number): AdminSession {
    return { id, expiresAt: new Date(expiresMs), csrf: this.sign(`csrf:${id}`) };
  }

  issue(now: Date): { cookie: string; session: AdminSession } {
    const id = randomBytes(18).toString('base64url');
    const expires = now.getTime() + SESSION_TTL_MS;
    return { cookie: `${id}.${expires}.${this.sign(`${id}.${expires}`)}`, session: this.session(id, expires) };
  }

  /** The session of a cookie value, or null when it is malformed, forged or expired. */
  verify(cookie: string | undefined, now: Date): AdminSession | null {
    const parts = (cookie ?? '').split('.');
    if (parts.length !== 3) return null;
    const [id, expiresRaw, signature] = parts;
    if (!/^[A-Za-z0-9_-]{24}$/.test(id) || !/^\d{1,15}$/.test(expiresRaw)) return null;
    if (!constantTimeEqual(signature, this.sign(`${id}.${expiresRaw}`))) return null;
    const expires = Number(expiresRaw);
    return expires > now.getTime() ? this.session(id, expires) : null;
  }

  csrfValid(session: AdminSession, given: unknown): boolean {
    return typeof given === 'string' && constantTimeEqual(given, session.csrf);
  }
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
