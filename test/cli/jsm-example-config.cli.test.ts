import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { startDolibarrDouble, type DolibarrDouble } from '../doubles/dolibarr';
import { deleteKeys, REDIS_URL, runCli, seedDefaultServices, uniquePrefix } from './support/run-cli';

jest.setTimeout(60_000);

const API_KEY = 'cli-dolibarr-key-0123456789abcdef';
const JSM_TOKEN = 'cli-jsm-api-token-0123456789';
const JSM_SECRET = 'cli-jsm-webhook-secret-0123456789';
const prefix = uniquePrefix('jsm-example');
const example = () => YAML.parse(fs.readFileSync(path.resolve(__dirname, '../../config/jsm.example.yaml'), 'utf8')) as Record<string, unknown>;

let double: DolibarrDouble;
beforeAll(async () => {
  double = await startDolibarrDouble({ apiKey: API_KEY });
  await seedDefaultServices(double.controlUrl);
});
afterAll(async () => {
  await double?.close();
  await deleteKeys(prefix);
});

const env = (over: Record<string, string> = {}) => ({
  DOLIBARR_URL: double.url,
  DOLIBARR_API_KEY: API_KEY,
  REDIS_URL,
  TB__redis__prefix: prefix,
  TB_HELPDESK_JSM_API_TOKEN: JSM_TOKEN,
  TB_HELPDESK_JSM_WEBHOOK_SECRET: JSM_SECRET,
  ...over,
});

describe('config/jsm.example.yaml', () => {
  it('passes check-config: the JSM settings validate and every mapped code is in the Dolibarr dictionaries', async () => {
    const r = await runCli(['check-config'], { config: example(), env: env() });
    expect(r.stdout).toContain('OK   helpdesks: jsm');
    expect(r.stdout).toContain('OK   mappings match the Dolibarr ticket dictionaries');
    expect(r.stdout).toContain('All checks passed.');
    for (const secret of [API_KEY, JSM_TOKEN, JSM_SECRET]) expect(r.all).not.toContain(secret);
    expect(r.code).toBe(0);
  });

  it('names the missing JSM secret', async () => {
    const r = await runCli(['check-config'], { config: example(), env: env({ TB_HELPDESK_JSM_WEBHOOK_SECRET: '' }) });
    expect(r.stdout).toContain('TB_HELPDESK_JSM_WEBHOOK_SECRET is not set');
    expect(r.code).toBe(1);
  });
});
