import { spawn } from 'node:child_process';
import path from 'node:path';
import { startDolibarrDouble, type DolibarrDouble } from '../doubles/dolibarr';
import { API_KEY, HOOK_SECRET } from './support/webhook-scenario';
import { freePort } from './support/service-process';
import { deleteKeysUnder } from '../support/redis-keys';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../..');
const PREFIX = `tb-startup-${process.pid}`;

/** Runs `ticketbridge start` and collects what it prints until it exits (start-up refused) or the timeout. */
function runStart(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src/cli.ts'), 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', REDIS_URL: 'redis://127.0.0.1:6379', TB__redis__prefix: PREFIX, ...env },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

let double: DolibarrDouble;
beforeAll(async () => {
  double = await startDolibarrDouble({ apiKey: API_KEY });
});
afterAll(async () => {
  await double.close();
  await deleteKeysUnder(`${PREFIX}:`);
});

describe('start-up refuses a bad configuration with one clear message', () => {
  it('lists every invalid key and exits 2', async () => {
    const { code, output } = await runStart({ DOLIBARR_URL: 'not-a-url', TB__sync__workerConcurrency: '0', PORT: String(await freePort()) });
    expect(code).toBe(2);
    expect(output).toMatch(/dolibarr\.url: Invalid url/);
    expect(output).toMatch(/dolibarr\.apiKey: DOLIBARR_API_KEY is required/);
    expect(output).toMatch(/sync\.workerConcurrency/);
  });

  it('names a helpdesk secret missing from the environment', async () => {
    const { code, output } = await runStart({ DOLIBARR_URL: double.url, DOLIBARR_API_KEY: API_KEY, PORT: String(await freePort()) });
    expect(code).toBe(2);
    expect(output).toContain('TB_HELPDESK_WEBHOOK_SECRET is not set');
  });

  it('names a mapped code that the live Dolibarr dictionaries do not have', async () => {
    const { code, output } = await runStart({
      DOLIBARR_URL: double.url,
      DOLIBARR_API_KEY: API_KEY,
      TB_HELPDESK_WEBHOOK_SECRET: HOOK_SECRET,
      TB__mapping__severities: '{"urgent":"SUPERURGENT"}',
      PORT: String(await freePort()),
    });
    expect(code).toBe(2);
    expect(output).toMatch(/mapping\.severities\.urgent: unknown ticket severity code SUPERURGENT/);
    expect(output).not.toContain(API_KEY);
  });
});
