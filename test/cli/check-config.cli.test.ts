import { startDolibarrDouble, type DolibarrDouble } from '../doubles/dolibarr';
import { freePort } from '../e2e/support/service-process';
import { deleteKeys, REDIS_URL, runCli, seedDefaultServices, uniquePrefix, type CliResult } from './support/run-cli';

jest.setTimeout(240_000);

const API_KEY = 'cli-dolibarr-key-0123456789abcdef';
const ADMIN_TOKEN = 'cli-admin-token-0123456789abcdef';
const HOOK_SECRET = 'cli-helpdesk-secret-0123456789';
const WRONG_KEY = 'cli-wrong-key-fedcba9876543210';
const prefix = uniquePrefix('check-config');

let double: DolibarrDouble;
const results: Record<string, CliResult> = {};

const env = (over: Record<string, string> = {}) => ({
  DOLIBARR_URL: double.url,
  DOLIBARR_API_KEY: API_KEY,
  ADMIN_TOKEN,
  TB_HELPDESK_WEBHOOK_SECRET: HOOK_SECRET,
  REDIS_URL,
  TB__redis__prefix: prefix,
  ...over,
});
const lines = (r: CliResult) => r.stdout.split('\n');

beforeAll(async () => {
  double = await startDolibarrDouble({ apiKey: API_KEY });
  await seedDefaultServices(double.controlUrl);
  const closedPort = await freePort();
  // Independent runs: started together to keep the file short.
  const runs: Record<string, Record<string, string>> = {
    healthy: env(),
    wrongKey: env({ DOLIBARR_API_KEY: WRONG_KEY }),
    unreachable: env({ DOLIBARR_URL: `http://127.0.0.1:${closedPort}/api/index.php` }),
    unknownCode: env({ TB__mapping__defaultType: 'NOPE' }),
    unknownService: env({ TB__rules__quotes__serviceRef: 'SUPPORT-HOURX' }),
    invalid: env({ TB__sync__workerConcurrency: '0', DOLIBARR_URL: 'not-a-url' }),
    devEscalation: env({ TB__devEscalation__enabled: 'true', TB__devEscalation__tracker: 'projeqtor' }),
  };
  // Seven processes start at once: on a loaded machine a cold ts-node start alone can take most of a minute.
  await Promise.all(Object.entries(runs).map(async ([name, e]) => (results[name] = await runCli(['check-config'], { env: e, timeoutMs: 180_000 }))));
});

afterAll(async () => {
  await double?.close();
  await deleteKeys(prefix);
});

describe('ticketbridge check-config', () => {
  it('prints the effective configuration with every secret masked, and exits 0 against a healthy Dolibarr', () => {
    const r = results.healthy;
    expect(r.stdout).toContain('Effective configuration (secrets masked):');
    expect(r.stdout).toContain(double.url);
    expect(r.stdout).toMatch(/"apiKey": "\*\*\*"/);
    for (const secret of [API_KEY, ADMIN_TOKEN, HOOK_SECRET]) expect(r.all).not.toContain(secret);
    expect(lines(r)).toContain('OK   Dolibarr API key accepted');
    expect(lines(r)).toContain('OK   mappings match the Dolibarr ticket dictionaries');
    expect(lines(r)).toContain('OK   every product, service, user and third party the configuration names exists in Dolibarr');
    expect(lines(r)).toContain('All checks passed.');
    expect(r.code).toBe(0);
  });

  it('exits non-zero and says the key was rejected when Dolibarr answers 401', () => {
    const r = results.wrongKey;
    expect(r.code).toBe(1);
    expect(lines(r).some((l) => l.startsWith('FAIL Dolibarr API key rejected'))).toBe(true);
    expect(r.all).not.toContain(WRONG_KEY);
    expect(r.stdout).not.toContain('All checks passed.');
    // Nothing was asked of the dictionaries with a key that does not work.
    expect(r.stdout).not.toContain('mappings');
  });

  it('exits non-zero and says Dolibarr is not reachable when nothing listens at the URL', () => {
    const r = results.unreachable;
    expect(r.code).toBe(1);
    expect(lines(r).some((l) => l.startsWith('FAIL Dolibarr not reachable'))).toBe(true);
    expect(r.stdout).toMatch(/1 problem\(s\) found\./);
  });

  it('names the mapping key and the code when a mapped code is not in the Dolibarr dictionaries', () => {
    const r = results.unknownCode;
    expect(r.code).toBe(1);
    const fail = lines(r).filter((l) => l.startsWith('FAIL'));
    expect(fail).toHaveLength(1);
    expect(fail[0]).toContain('mapping.defaultType');
    expect(fail[0]).toContain('NOPE');
    // The other, valid codes are not reported.
    expect(fail[0]).not.toContain('mapping.types');
  });

  it('names the rules key when a product ref it names does not exist in Dolibarr (it would fail only at the first quote)', () => {
    const r = results.unknownService;
    expect(r.code).toBe(1);
    const fail = lines(r).filter((l) => l.startsWith('FAIL'));
    expect(fail).toEqual(['FAIL rules.quotes.serviceRef: no product or service with ref SUPPORT-HOURX in Dolibarr (needed for quote lines)']);
  });

  it('names a dev escalation tracker that is not configured (start-up would stop on it)', () => {
    const r = results.devEscalation;
    expect(r.code).toBe(1);
    expect(lines(r).filter((l) => l.startsWith('FAIL'))).toEqual([
      'FAIL devEscalation.tracker: no enabled development tracker "projeqtor" in devTrackers (configured: none)',
    ]);
  });

  it('refuses an invalid configuration with exit code 2 and one message listing every bad key', () => {
    const r = results.invalid;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.match(/Invalid configuration/g)).toHaveLength(1);
    const issues = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(issues.some((l) => l.includes('dolibarr.url'))).toBe(true);
    expect(issues.some((l) => l.includes('sync.workerConcurrency'))).toBe(true);
    expect(issues).toHaveLength(2);
    for (const secret of [API_KEY, ADMIN_TOKEN, HOOK_SECRET]) expect(r.all).not.toContain(secret);
  });
});
