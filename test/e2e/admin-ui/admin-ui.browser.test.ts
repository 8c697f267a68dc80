/// <reference lib="dom" />
import { eventually } from '../support/service-process';
import { ADMIN_TOKEN, startWebhookScenario, ticketEvent, type Scenario } from '../support/webhook-scenario';
import type { DoubleState } from '../../doubles/dolibarr/state';
import { chromiumInstalled, CHROMIUM, openBrowser, overflowsSideways, screenshotBothWidths, WIDTHS, type Browser } from './browser';

jest.setTimeout(300_000);

if (!chromiumInstalled) {
  console.warn(`admin UI browser tests SKIPPED: ${CHROMIUM} is missing (run .ci/ensure-chromium, or apt-get install -y chromium)`);
}
const describeInBrowser = chromiumInstalled ? describe : describe.skip;

let s: Scenario;
let b: Browser;
const state = async () => (await s.control('/state')) as DoubleState;
const erpTicket = (ref: string) => eventually(async () => (await state()).tickets.find((t) => t.ref === ref), `Dolibarr ticket ${ref}`, 60_000);
const url = (path: string) => `${s.service.url}${path}`;

describeInBrowser('the admin pages in a real browser', () => {
  beforeAll(async () => {
    // Two attempts only, so a refused write ends as a failed job within seconds.
    s = await startWebhookScenario('admin-ui', { env: { TB__sync__jobAttempts: '2' } });
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await s?.close();
  });

  it('asks for the admin token, refuses a wrong one, and sets a secure HTTP-only same-site session cookie', async () => {
    const { page } = b;
    await page.goto(url('/admin/overview'));
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await screenshotBothWidths(page, 'login');
    await page.getByLabel('Admin token').fill('not-the-admin-token-at-all');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('not the admin token');
    expect(await b.context.cookies()).toHaveLength(0);

    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/admin\/overview$/);
    const [cookie] = await b.context.cookies();
    expect(cookie).toMatchObject({ name: 'tb_admin_session', httpOnly: true, secure: true, sameSite: 'Strict', path: '/admin' });
    expect(await page.content()).not.toContain(ADMIN_TOKEN);
  });

  it('shows each connection, the queues and the last 24 hours on the overview', async () => {
    await s.push(ticketEvent('7001'));
    await erpTicket('HD-7001');
    const { page } = b;
    await eventually(async () => {
      await page.goto(url('/admin/overview'));
      const text = await page.locator('main').innerText();
      return /Events in: [1-9]/.test(text) && /jobs done: [1-9]/.test(text) ? text : undefined;
    }, 'the counters on the overview');
    const rows = await page.locator('section[aria-labelledby="connections"] tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0])).toEqual(['Dolibarr', 'Redis', 'webhook (webhook)']);
    expect(rows[0]).toContain('✔ OK');
    expect(rows[0]).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await page.locator('#activity-chart canvas').waitFor();
    expect(await page.getByRole('link', { name: /queue dashboard/ }).getAttribute('href')).toBe('/admin/queues/');
    await screenshotBothWidths(page, 'overview');
  });

  it('finds a ticket by helpdesk number and by Dolibarr ref, with its customer, contract and quote, and syncs it on demand', async () => {
    expect((await s.admin('POST', '/api/tickets/webhook/7001/quote', { requestId: 'admin-ui-quote-7001', hours: 2 })).status).toBe(202);
    await eventually(
      async () => s.receiver.events.find((e) => e.body.type === 'quote.created' && e.body.ticketId === '7001'),
      'the quote raised',
      60_000,
    );
    const [proposal] = (await state()).proposals;
    const { page } = b;
    await page.goto(url('/admin/tickets'));
    await page.getByLabel(/Helpdesk number/).fill('7001');
    await page.getByRole('button', { name: 'Find' }).click();
    const detail = page.locator('article.ticket');
    await expect(detail.locator('h2').innerText()).resolves.toBe('webhook #7001 ↔ HD-7001');
    const text = await detail.innerText();
    expect(text).toContain('ACME');
    expect(text).toMatch(/Contract\s+CT/);
    expect(await detail.getByRole('link', { name: 'HD-7001' }).getAttribute('href')).toMatch(/\/ticket\/card\.php\?id=\d+$/);
    expect(text).toContain('mirror-ticket');
    expect(await detail.getByRole('link', { name: proposal.ref }).getAttribute('href')).toBe(
      `${s.double.url.replace(/\/api\/index\.php$/, '')}/comm/propal/card.php?id=${proposal.id}`,
    );

    await page.getByLabel(/Helpdesk number/).fill('HD-7001');
    await page.getByRole('button', { name: 'Find' }).click();
    await expect(detail.locator('h2').innerText()).resolves.toBe('webhook #7001 ↔ HD-7001');

    const mirrorRuns = async () => await detail.locator('tr', { hasText: 'job: mirror-ticket' }).count();
    const runsBefore = await mirrorRuns();
    await page.getByRole('button', { name: /Sync now/ }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Sync queued');
    await eventually(async () => {
      await page.reload();
      return (await mirrorRuns()) > runsBefore;
    }, "one more mirror run in the ticket's last jobs");
    await screenshotBothWidths(page, 'tickets');
  });

  it('lists a failed job with its ticket and reason in words, and replays it', async () => {
    await s.control('/faults', { kind: '500', method: 'POST', path: '^/tickets$', times: 20 });
    await s.push(ticketEvent('7002'));
    const { page } = b;
    const row = page.locator('tbody tr', { hasText: 'webhook ticket 7002' });
    await eventually(
      async () => {
        await page.goto(url('/admin/failures'));
        return (await row.count()) > 0;
      },
      'the failed job on the failures page',
      60_000,
    );
    const text = await row.innerText();
    expect(text).toContain('mirror-ticket');
    expect(text).toContain('Dolibarr had an internal error.');
    await screenshotBothWidths(page, 'failures');
    await page.goto(url('/admin/overview'));
    const dolibarr = await page.locator('section[aria-labelledby="connections"] tbody tr', { hasText: 'Dolibarr' }).innerText();
    expect(dolibarr).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+.*500/s);
    expect(await page.locator('main').innerText()).toMatch(/jobs failed: [1-9]/);
    await page.goto(url('/admin/failures'));

    await fetchDelete(`${s.double.controlUrl}/faults`);
    await row.getByRole('button', { name: /Replay/ }).click();
    await expect(page.getByRole('status').first().innerText()).resolves.toMatch(/Replayed: 1 job/);
    await erpTicket('HD-7002');
    await page.goto(url('/admin/failures'));
    expect(await row.count()).toBe(0);
  });

  it("refuses a form without the session's CSRF token and changes nothing", async () => {
    const { page } = b;
    const res = await page.request.post(url('/admin/failures/replay'), { form: { all: '1', _csrf: 'forged' } });
    expect(res.status()).toBe(403);
    expect(await res.text()).toContain('out of date or was not sent from this site');
  });

  it('shows an unmapped type highlighted, refuses a code Dolibarr lacks, and applies a saved mapping to the next ticket', async () => {
    await s.push(ticketEvent('7003', { type: 'hardware' }));
    expect((await erpTicket('HD-7003')).type_code).toBe('OTHER');
    const { page } = b;
    await page.goto(url('/admin/dictionaries'));
    const row = page.locator('tr', { has: page.locator('th', { hasText: /^hardware$/ }) });
    await expect(row.innerText()).resolves.toContain('⚠ unmapped: uses OTHER');
    expect(await page.locator('pre code').innerText()).toContain('incident: ISSUE');

    // A code that is not in Dolibarr's live dictionary (as if the page were stale) is refused by name.
    await row.locator('select').evaluate((el) => {
      const select = el as HTMLSelectElement;
      select.add(new Option('GHOST', 'GHOST', true, true));
    });
    await page.getByRole('button', { name: /save/i }).click();
    await expect(page.getByRole('alert').first().innerText()).resolves.toContain('mapping.types.hardware: unknown ticket type code GHOST');

    await page
      .locator('tr', { has: page.locator('th', { hasText: /^hardware$/ }) })
      .locator('select')
      .selectOption('ISSUE');
    await page.getByRole('button', { name: /save/i }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Saved');
    await expect(page.locator('tr', { has: page.locator('th', { hasText: /^hardware$/ }) }).innerText()).resolves.toContain('✔ mapped (set here)');
    expect(await page.locator('pre code').innerText()).toContain('hardware: ISSUE');
    await screenshotBothWidths(page, 'dictionaries');

    await s.push(ticketEvent('7004', { type: 'hardware' }));
    expect((await erpTicket('HD-7004')).type_code).toBe('ISSUE');
  });

  it('shows the prepaid, used and remaining hours of a contract line with the ticket that used them', async () => {
    const start = new Date(Date.now() - 2 * 3600_000).toISOString();
    await s.push(
      ticketEvent('7005', { state: 'closed', stateCategory: 'closed' }, { timeEntries: [{ id: 'te-7005', seconds: 5400, start, author: 'jdoe' }] }),
    );
    await eventually(async () => (await state()).interventions.find((i) => i.statut >= 1), 'a validated intervention', 60_000);
    const { page } = b;
    await page.goto(url('/admin/contracts'));
    const line = page.locator('article.contract-line').first();
    const text = await line.innerText();
    expect(text).toMatch(/Prepaid\s+10\.00 h/);
    expect(text).toMatch(/Used\s+1\.50 h/);
    expect(text).toMatch(/Remaining\s+8\.50 h/);
    expect(text).toContain('HD-7005');
    await screenshotBothWidths(page, 'contracts');
  });

  it('fits every page in a 390 px wide window without sideways scrolling', async () => {
    const { page } = b;
    await page.setViewportSize({ width: WIDTHS[1], height: 800 });
    for (const path of ['/admin/overview', '/admin/failures', '/admin/tickets?q=7001', '/admin/dictionaries', '/admin/contracts']) {
      await page.goto(url(path));
      expect([path, await overflowsSideways(page)]).toEqual([path, false]);
    }
    await page.setViewportSize({ width: WIDTHS[0], height: 900 });
  });

  it('logs out: the pages ask for the token again', async () => {
    const { page } = b;
    await page.goto(url('/admin/overview'));
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/admin\/login$/);
    await page.goto(url('/admin/failures'));
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });
});

async function fetchDelete(target: string): Promise<void> {
  const res = await fetch(target, { method: 'DELETE' });
  if (!res.ok) throw new Error(`DELETE ${target}: ${res.status}`);
}
