import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium, driven by playwright-core (no browser download). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(__dirname, '../../test-output/real-dolibarr');

export interface DolibarrWeb {
  page: Page;
  /** Opens a Dolibarr page (path under the web root), saves a screenshot named `shot`, returns the visible text. */
  open(pathAndQuery: string, shot: string): Promise<string>;
  close(): Promise<void>;
}

export async function loginToDolibarr(webRoot: string, login: string, password: string): Promise<DolibarrWeb> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.goto(`${webRoot}/index.php`);
  await page.fill('#username', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('domcontentloaded'), page.click('input[type=submit], button[type=submit]')]);
  await page.waitForSelector('#id-container, .login_table_title, .error', { timeout: 15_000 });
  if ((await page.locator('#username').count()) > 0) throw new Error('Dolibarr login failed: the login form is shown again');
  return {
    page,
    async open(pathAndQuery, shot) {
      await page.goto(`${webRoot}${pathAndQuery}`);
      await page.waitForLoadState('domcontentloaded');
      await page.screenshot({ path: path.join(SCREENSHOTS, `${shot}.png`), fullPage: true });
      return page.innerText('body');
    },
    close: () => browser.close(),
  };
}
