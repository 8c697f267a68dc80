import express from 'express';
import request from 'supertest';
import { adminUiRoutes } from '../../../../src/http/admin-ui/router';
import type { AdminConsole } from '../../../../src/http/admin-ui/ports';

const TOKEN = 'admin-token-0123456789abcdef';

function fakeConsole(): AdminConsole & { replays: unknown[]; synced: unknown[] } {
  const replays: unknown[] = [];
  const synced: unknown[] = [];
  return {
    replays,
    synced,
    overview: async () => ({
      connections: [{ name: 'Dolibarr', kind: 'erp', ok: false, detail: 'connection refused' }],
      queues: [],
      hourly: [],
      totals: { events: 0, done: 0, failed: 0 },
    }),
    failures: async () => [
      {
        queue: 'mirror',
        id: 'j1',
        name: 'mirror-ticket',
        subject: 'hd ticket 1',
        ticket: { helpdeskId: 'hd', ticketId: '1' },
        words: 'Dolibarr had an internal error.',
        reason: 'dolibarr server: boom',
        attemptsMade: 2,
      },
    ],
    replay: async (selection) => {
      replays.push(selection);
      return 1;
    },
    findTicket: async (query) => ({ kind: 'none', query }),
    syncNow: async (key) => {
      synced.push(key);
    },
    dictionaries: async () => {
      throw new Error('not used');
    },
    saveMapping: async () => ({ ok: true }),
    contracts: async () => [],
  };
}

function build(opts: { token?: string } = { token: TOKEN }) {
  const console = fakeConsole();
  const dashboard = jest.fn((_req: express.Request, res: express.Response) => res.send('bull-board'));
  const app = express();
  app.use(adminUiRoutes({ console, adminToken: opts.token, queueDashboard: dashboard }));
  app.use((_req, res) => res.status(404).send('fell through'));
  return { app, console, dashboard };
}

async function login(app: express.Express): Promise<{ cookie: string; csrf: string }> {
  const res = await request(app).post('/admin/login').type('form').send({ token: TOKEN }).expect(303);
  const cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  const page = await request(app).get('/admin/failures').set('cookie', cookie).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
  return { cookie, csrf };
}

describe('admin pages: login and session', () => {
  it('sends a visitor without a session to the login form, remembering the page', async () => {
    const { app } = build();
    const res = await request(app).get('/admin/failures').expect(303);
    expect(res.headers.location).toBe('/admin/login?next=%2Fadmin%2Ffailures');
    await request(app).post('/admin/failures/replay').type('form').send({ all: '1' }).expect(401);
  });

  it('refuses a wrong token, and after a good one sets a secure HTTP-only same-site cookie without the token in it', async () => {
    const { app } = build();
    const wrong = await request(app).post('/admin/login').type('form').send({ token: 'wrong-token-0123456789' }).expect(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const res = await request(app).post('/admin/login').type('form').send({ token: TOKEN, next: '/admin/tickets' }).expect(303);
    expect(res.headers.location).toBe('/admin/tickets');
    const [cookie] = res.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^tb_admin_session=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/admin');
    expect(cookie).not.toContain(TOKEN);
  });

  it('warns on the login form when the page came over plain HTTP to another host (the Secure cookie would be dropped)', async () => {
    const { app } = build();
    expect((await request(app).get('/admin/login').set('host', 'bridge.example.com').expect(200)).text).toContain('Plain HTTP');
    expect((await request(app).get('/admin/login').set('host', '127.0.0.1:8080').expect(200)).text).not.toContain('Plain HTTP');
  });

  it('never redirects outside the admin pages after login', async () => {
    const { app } = build();
    const res = await request(app).post('/admin/login').type('form').send({ token: TOKEN, next: '//evil.example/admin/x' }).expect(303);
    expect(res.headers.location).toBe('/admin/overview');
  });

  it('stops answering logins from an address after ten wrong tokens', async () => {
    const { app } = build();
    for (let i = 0; i < 10; i++)
      await request(app)
        .post('/admin/login')
        .type('form')
        .send({ token: `wrong-${i}` })
        .expect(401);
    await request(app).post('/admin/login').type('form').send({ token: TOKEN }).expect(429);
  });

  it('says the pages are disabled when no admin token is configured', async () => {
    const { app } = build({});
    const res = await request(app).get('/admin/login').expect(503);
    expect(res.text).toContain('ADMIN_TOKEN');
    await request(app).get('/admin/overview').expect(303);
  });

  it("shows a connection's failure in words and signs, and security headers on every page", async () => {
    const { app } = build();
    const { cookie } = await login(app);
    const res = await request(app).get('/admin/overview').set('cookie', cookie).expect(200);
    expect(res.text).toContain('✖ Failing');
    expect(res.text).toContain('connection refused');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).not.toContain(TOKEN);
  });

  it('opens bull-board to a logged-in admin and leaves the token-only path to the API guard', async () => {
    const { app, dashboard } = build();
    const { cookie } = await login(app);
    await request(app).get('/admin/queues/').set('cookie', cookie).expect(200, 'bull-board');
    await request(app).get('/admin/queues/').set('authorization', `Bearer ${TOKEN}`).expect(404, 'fell through');
    expect(dashboard).toHaveBeenCalledTimes(1);
  });
});

describe('admin pages: cross-site request protection', () => {
  it("replays only with the session's CSRF token", async () => {
    const { app, console } = build();
    const { cookie, csrf } = await login(app);
    const refused = await request(app).post('/admin/failures/replay').set('cookie', cookie).type('form').send({ jobId: 'j1' }).expect(403);
    expect(refused.text).toContain('out of date');
    await request(app).post('/admin/failures/replay').set('cookie', cookie).type('form').send({ jobId: 'j1', _csrf: 'forged' }).expect(403);
    expect(console.replays).toEqual([]);
    const ok = await request(app).post('/admin/failures/replay').set('cookie', cookie).type('form').send({ jobId: 'j1', _csrf: csrf }).expect(303);
    expect(ok.headers.location).toBe('/admin/failures?replayed=1');
    expect(console.replays).toEqual([{ jobId: 'j1' }]);
  });

  it('refuses a form posted from another site even with a valid token', async () => {
    const { app, console } = build();
    const { cookie, csrf } = await login(app);
    await request(app)
      .post('/admin/tickets/sync')
      .set('cookie', cookie)
      .set('origin', 'https://evil.example')
      .type('form')
      .send({ helpdeskId: 'hd', ticketId: '1', _csrf: csrf })
      .expect(403);
    expect(console.synced).toEqual([]);
  });

  it('refuses a replay form that names nothing, replaying nothing', async () => {
    const { app, console } = build();
    const { cookie, csrf } = await login(app);
    await request(app).post('/admin/failures/replay').set('cookie', cookie).type('form').send({ _csrf: csrf }).expect(400);
    await request(app).post('/admin/failures/replay').set('cookie', cookie).type('form').send({ jobId: 'j1', all: '1', _csrf: csrf }).expect(400);
    expect(console.replays).toEqual([]);
  });

  it('logs out only with the CSRF token, and the cookie is cleared', async () => {
    const { app } = build();
    const { cookie, csrf } = await login(app);
    await request(app).post('/admin/logout').set('cookie', cookie).type('form').send({}).expect(403);
    const res = await request(app).post('/admin/logout').set('cookie', cookie).type('form').send({ _csrf: csrf }).expect(303);
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^tb_admin_session=;/);
  });
});

describe('admin pages: the ticket page', () => {
  const link = {
    helpdeskId: 'znuny',
    ticketId: '17',
    helpdeskNumber: '2026120510000017',
    erpId: 5,
    erpRef: 'HD-2026120510000017',
    trackId: 'tb_znuny_3137',
  };
  const detail = (devIssue: unknown) => ({
    kind: 'one' as const,
    detail: {
      link,
      erpUrl: 'http://erp.test/ticket/card.php?id=5',
      erpTicket: null,
      customer: null,
      contract: null,
      interventions: [],
      totalDuration: '0 min',
      quotes: [],
      activity: [],
      devIssue,
    },
  });

  async function ticketPage(devIssue: unknown): Promise<string> {
    const { app, console } = build();
    console.findTicket = async () => detail(devIssue) as Awaited<ReturnType<AdminConsole['findTicket']>>;
    const { cookie } = await login(app);
    return (await request(app).get('/admin/tickets?q=17').set('cookie', cookie).expect(200)).text;
  }

  it('shows the development issue the ticket was escalated to, with its link and where it stands', async () => {
    const html = await ticketPage({
      trackerId: 'dev',
      issueId: '12',
      reference: 'TB-BUG-12',
      url: 'https://pq.example/view/main.php?objectId=12',
      helpdeskNumber: link.helpdeskNumber,
      createdAt: new Date('2026-12-01T10:00:00Z'),
      dueAt: new Date('2026-12-08T10:00:00Z'),
      remindedAt: new Date('2026-12-08T10:00:05Z'),
    });
    expect(html).toContain('<a href="https://pq.example/view/main.php?objectId&#x3D;12" rel="noopener">TB-BUG-12</a> (dev)');
    expect(html).toMatch(/open, due 2026-12-08 10:00 UTC, agent last reminded 2026-12-08 10:00 UTC/);
  });

  it('says when the ticket was not escalated', async () => {
    expect(await ticketPage(null)).toContain('Not escalated to the development tracker.');
  });
});
