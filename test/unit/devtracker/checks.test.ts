import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { checkConfigCommand } from '../../../src/cli/check-config';
import { loadConfig } from '../../../src/config';
import { readiness } from '../../../src/runtime-checks';
import type { Runtime } from '../../../src/runtime';
import type { DevTrackerAdapter } from '../../../src/plugin-sdk';
import { SHIPPED_DEV_TRACKERS, SHIPPED_PLUGINS } from '../../../plugins';
import { PQ_DOUBLE_IDS, PQ_DOUBLE_USER, startProjeqtorDouble, type PqDouble } from '../../doubles/projeqtor';
import { freePort } from '../../e2e/support/service-process';

let pq: PqDouble;
beforeAll(async () => {
  pq = await startProjeqtorDouble();
});
afterAll(() => pq.close());

function siteFile(projectId: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-devtracker-'));
  const file = path.join(dir, 'site.yaml');
  const settings = { url: pq.url, webUrl: pq.webUrl, user: PQ_DOUBLE_USER.name, ...PQ_DOUBLE_IDS, projectId, timeoutMs: 2000 };
  fs.writeFileSync(file, YAML.stringify({ devTrackers: { pq: { plugin: 'projeqtor', settings } } }));
  return file;
}

describe('development trackers in check-config and /readyz', () => {
  it('check-config pings each tracker and names the project it cannot see', async () => {
    const closed = await freePort();
    const printed: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    });
    const env = (projectId: number) => ({
      DOLIBARR_URL: `http://127.0.0.1:${closed}/api/index.php`,
      DOLIBARR_API_KEY: 'k'.repeat(32),
      TB_HELPDESK_WEBHOOK_SECRET: 'hook-secret-0123456789',
      TICKETBRIDGE_CONFIG: siteFile(projectId),
      TB_DEVTRACKER_PQ_APIKEY: PQ_DOUBLE_USER.apiKey,
      TB_DEVTRACKER_PQ_PASSWORD: PQ_DOUBLE_USER.password,
    });
    try {
      await checkConfigCommand(loadConfig({ env: env(1) }), SHIPPED_PLUGINS, SHIPPED_DEV_TRACKERS);
      await checkConfigCommand(loadConfig({ env: env(5) }), SHIPPED_PLUGINS, SHIPPED_DEV_TRACKERS);
    } finally {
      spy.mockRestore();
    }
    const out = printed.join('');
    expect(out).toContain('OK   development tracker pq (projeqtor) reachable');
    expect(out).toMatch(/FAIL development tracker pq \(projeqtor\): ProjeQtor user "ticketbridge" cannot see project 5 \(projectId\)/);
    expect(out).not.toContain(PQ_DOUBLE_USER.apiKey);
    expect(out).not.toContain(PQ_DOUBLE_USER.password);
  });

  it('/readyz names a tracker that fails its ping', async () => {
    const tracker = (id: string, ping: () => Promise<void>) => ({ id, plugin: 'projeqtor', ping }) as unknown as DevTrackerAdapter;
    const rt = {
      redis: { ping: () => Promise.resolve('PONG') },
      erp: { status: () => Promise.resolve({}) },
      adapters: new Map(),
      devTrackers: new Map([
        ['ok', tracker('ok', () => Promise.resolve())],
        ['down', tracker('down', () => Promise.reject(new Error('ProjeQtor GET /api/Project/1 unreachable')))],
      ]),
    } as unknown as Runtime;
    const report = await readiness(rt);
    expect(report.ready).toBe(false);
    expect(report.checks['devtracker:ok']).toEqual({ ok: true });
    expect(report.checks['devtracker:down']).toEqual({ ok: false, detail: 'ProjeQtor GET /api/Project/1 unreachable' });
  });
});
