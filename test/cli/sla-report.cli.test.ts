import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDolibarrDouble, type DolibarrDouble } from '../doubles/dolibarr';
import { createRedis, KeySpace, RedisSlaRecordStore } from '../../src/store';
import type { SlaRecord } from '../../src/sync/rules/sla-record';
import { deleteKeys, REDIS_URL, runCli, uniquePrefix } from './support/run-cli';

jest.setTimeout(180_000);

const API_KEY = 'cli-dolibarr-key-0123456789abcdef';
const prefix = uniquePrefix('sla');
let double: DolibarrDouble;
let outDir: string;
const cli = (...args: string[]) =>
  runCli(args, {
    env: { DOLIBARR_URL: double.url, DOLIBARR_API_KEY: API_KEY, TB_HELPDESK_WEBHOOK_SECRET: 'cli-helpdesk-secret-0123456789', REDIS_URL },
    config: { redis: { prefix }, sla: { reportDir: outDir } },
    // ts-node start-up alone can take most of the default 40 s on a loaded machine.
    timeoutMs: 80_000,
  });

const record = (ticketId: string, socid: number | null, priority: string, frMinutes: number, breached: boolean): SlaRecord => ({
  helpdeskId: 'znuny',
  ticketId,
  erpRef: `HD-${ticketId}`,
  socid,
  customerEmail: 'someone@example.org',
  priority,
  policy: 'standard',
  createdAt: '2026-11-10T09:00:00.000Z',
  status: breached ? 'breached' : 'ok',
  open: false,
  firstResponse: { targetMinutes: 60, usedMinutes: frMinutes, done: true, breached },
  resolution: { targetMinutes: 480, usedMinutes: frMinutes * 4, done: true, breached: false },
});

beforeAll(async () => {
  double = await startDolibarrDouble({ apiKey: API_KEY });
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-cli-sla-'));
  await fetch(`${double.controlUrl}/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ thirdparties: [{ id: 1, name: 'ACME' }] }),
  });
  const redis = createRedis(REDIS_URL, { connectionName: 'test-sla-cli' });
  const store = new RedisSlaRecordStore(redis, new KeySpace(prefix));
  await store.save('2026-11', record('1', 1, 'high', 20, false));
  await store.save('2026-11', record('2', 1, 'high', 75, true));
  await store.save('2026-11', record('3', null, 'normal', 30, false));
  await store.save('2026-10', record('4', 1, 'high', 5, false));
  await redis.quit();
});
afterAll(async () => {
  await double?.close();
  await deleteKeys(prefix);
});

describe('ticketbridge sla', () => {
  it('prints the month per customer and per priority and writes the two CSV files', async () => {
    const run = await cli('sla', '--period', '2026-11');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ACME\s+2\s+4\s+3\s+47\.5\s+75\s+190\s+300\s+1$/m);
    expect(run.stdout).toMatch(/^someone@example\.org\s+1\s/m);
    const customers = fs.readFileSync(path.join(outDir, 'sla-2026-11-customers.csv'), 'utf8').split('\r\n');
    expect(customers[1]).toBe('2026-11,ACME,2,4,3,47.5,75,190,300,1');
    const priorities = fs.readFileSync(path.join(outDir, 'sla-2026-11-priorities.csv'), 'utf8').split('\r\n');
    expect(priorities.slice(1, 4)).toEqual([
      '2026-11,high,2,4,3,47.5,75,190,300,1',
      '2026-11,normal,1,2,2,30,30,120,120,0',
      '2026-11,TOTAL,3,6,5,30,75,120,300,1',
    ]);
  });

  it('refuses a malformed period, naming it', async () => {
    const run = await cli('sla', '--period', '2026-13');
    expect(run.code).not.toBe(0);
    expect(run.all).toContain('period: expected YYYY-MM, got "2026-13"');
  });
});
