import { AdminSessions, readCookie, SESSION_TTL_MS } from '../../../../src/http/admin-ui/session';

const TOKEN = 'admin-token-0123456789abcdef';
const now = new Date('2026-12-04T10:00:00Z');

describe('admin sessions', () => {
  const sessions = new AdminSessions(TOKEN);

  it('accepts its own cookie until it expires, then refuses it', () => {
    const { cookie, session } = sessions.issue(now);
    expect(sessions.verify(cookie, now)).toEqual(session);
    expect(sessions.verify(cookie, new Date(now.getTime() + SESSION_TTL_MS - 1))).not.toBeNull();
    expect(sessions.verify(cookie, new Date(now.getTime() + SESSION_TTL_MS))).toBeNull();
  });

  it('refuses a cookie whose expiry or id was changed, or that another admin token signed', () => {
    const { cookie } = sessions.issue(now);
    const [id, expires, sig] = cookie.split('.');
    expect(sessions.verify(`${id}.${Number(expires) + 3600_000}.${sig}`, now)).toBeNull();
    expect(sessions.verify(`${'A'.repeat(24)}.${expires}.${sig}`, now)).toBeNull();
    expect(new AdminSessions('another-admin-token-0123456789').verify(cookie, now)).toBeNull();
    expect(sessions.verify('garbage', now)).toBeNull();
    expect(sessions.verify(undefined, now)).toBeNull();
  });

  it('gives each session its own CSRF token, and checks it', () => {
    const a = sessions.issue(now).session;
    const b = sessions.issue(now).session;
    expect(a.csrf).not.toEqual(b.csrf);
    expect(sessions.csrfValid(a, a.csrf)).toBe(true);
    expect(sessions.csrfValid(a, b.csrf)).toBe(false);
    expect(sessions.csrfValid(a, undefined)).toBe(false);
  });

  it('never puts the admin token in the cookie', () => {
    const { cookie, session } = sessions.issue(now);
    expect(cookie).not.toContain(TOKEN);
    expect(session.csrf).not.toContain(TOKEN);
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; tb_admin_session=x.y.z; b=2', 'tb_admin_session')).toBe('x.y.z');
    expect(readCookie('a=1', 'tb_admin_session')).toBeUndefined();
    expect(readCookie(undefined, 'tb_admin_session')).toBeUndefined();
  });
});
