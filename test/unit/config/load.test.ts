import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError, maskedConfig } from '../../../src/config';

const baseEnv = { DOLIBARR_API_KEY: 'k'.repeat(32) };

function tmpYaml(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-config-'));
  const file = path.join(dir, 'site.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('loads config/default.yaml with the API key from the environment', () => {
    const config = loadConfig({ env: baseEnv });
    expect(config.dolibarr.apiKey).toBe(baseEnv.DOLIBARR_API_KEY);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.mapping.statusToErp.resolved).toBe(8);
  });

  it('applies the site file, then environment overrides', () => {
    const file = tmpYaml('dolibarr:\n  url: https://erp.example/api/index.php\n  timeoutMs: 5000\nsync:\n  refPrefix: SUP\n');
    const config = loadConfig({
      env: { ...baseEnv, TICKETBRIDGE_CONFIG: file, REDIS_URL: 'redis://cache:6380', PORT: '9090', TB__dolibarr__concurrency: '2' },
    });
    expect(config.dolibarr.url).toBe('https://erp.example/api/index.php');
    expect(config.dolibarr.timeoutMs).toBe(5000);
    expect(config.dolibarr.concurrency).toBe(2);
    expect(config.sync.refPrefix).toBe('SUP');
    expect(config.redis.url).toBe('redis://cache:6380');
    expect(config.server.port).toBe(9090);
  });

  it('refuses a helpdesk id longer than 32 characters (it is written in Dolibarr track ids), naming it', () => {
    const id = `h${'x'.repeat(32)}`;
    const file = tmpYaml(`helpdesks:\n  ${id}:\n    plugin: webhook\n`);
    expect(() => loadConfig({ env: { ...baseEnv, TICKETBRIDGE_CONFIG: file } })).toThrow(/32 characters at most/);
    const ok = tmpYaml(`helpdesks:\n  h${'x'.repeat(31)}:\n    plugin: webhook\n`);
    expect(Object.keys(loadConfig({ env: { ...baseEnv, TICKETBRIDGE_CONFIG: ok } }).helpdesks)).toContain(`h${'x'.repeat(31)}`);
  });

  it('lists every bad key in one error', () => {
    const file = tmpYaml('dolibarr:\n  url: not-a-url\n  timeoutMs: -1\nmapping:\n  statusToErp:\n    open: 4\nsync:\n  nope: 1\n');
    let error: unknown;
    try {
      loadConfig({ env: { TICKETBRIDGE_CONFIG: file } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/dolibarr\.url: Invalid url/);
    expect(issues).toMatch(/dolibarr\.timeoutMs/);
    expect(issues).toMatch(/dolibarr\.apiKey/);
    expect(issues).toMatch(/mapping\.statusToErp\.open: must be a Dolibarr ticket status/);
    expect(issues).toMatch(/sync: Unrecognized key\(s\) in object: 'nope'/);
  });

  it('refuses secrets written in a file', () => {
    const file = tmpYaml(
      'dolibarr:\n  apiKey: abcdef0123456789\nhelpdesks:\n  webhook:\n    plugin: webhook\n    secrets:\n      secret: s3cr3t-value\n',
    );
    expect(() => loadConfig({ env: { ...baseEnv, TICKETBRIDGE_CONFIG: file } })).toThrow(
      /dolibarr\.apiKey: secrets must come from the environment[\s\S]*helpdesks\.webhook\.secrets: secrets must come from the environment/,
    );
  });

  it('reads helpdesk secrets from TB_HELPDESK_<ID>_<NAME>', () => {
    const config = loadConfig({ env: { ...baseEnv, TB_HELPDESK_WEBHOOK_SECRET: 'hook-secret-123' } });
    expect(config.helpdesks.webhook.secrets).toEqual({ secret: 'hook-secret-123' });
  });

  it('reads development-tracker secrets from TB_DEVTRACKER_<ID>_<NAME> and masks them', () => {
    const file = tmpYaml('devTrackers:\n  dev-pq:\n    plugin: projeqtor\n    settings:\n      user: ticketbridge\n');
    const apikey = 'made-up-projeqtor-api-key-for-this-test';
    const config = loadConfig({
      env: { ...baseEnv, TICKETBRIDGE_CONFIG: file, TB_DEVTRACKER_DEV_PQ_APIKEY: apikey, TB_DEVTRACKER_DEV_PQ_PASSWORD: 'web-secret-1' },
    });
    expect(config.devTrackers['dev-pq']).toEqual({
      plugin: 'projeqtor',
      enabled: true,
      settings: { user: 'ticketbridge' },
      secrets: { apikey, password: 'web-secret-1' },
    });
    const printed = JSON.stringify(maskedConfig(config));
    expect(printed).not.toContain(apikey);
    expect(printed).not.toContain('web-secret-1');
  });

  it("takes Redis Sentinels with the primary's name, the passwords from the environment only, masked", () => {
    const file = tmpYaml('redis:\n  sentinels:\n    - host: sentinel-1\n    - host: sentinel-2\n      port: 26380\n  sentinelName: tb-primary\n');
    const env = { ...baseEnv, TICKETBRIDGE_CONFIG: file, REDIS_PASSWORD: 'primary-pass-123', REDIS_SENTINEL_PASSWORD: 'sentinel-pass-456' };
    const config = loadConfig({ env });
    expect(config.redis).toMatchObject({
      sentinels: [
        { host: 'sentinel-1', port: 26379 },
        { host: 'sentinel-2', port: 26380 },
      ],
      sentinelName: 'tb-primary',
      password: 'primary-pass-123',
      sentinelPassword: 'sentinel-pass-456',
    });
    const printed = JSON.stringify(maskedConfig(config));
    expect(printed).not.toContain('primary-pass-123');
    expect(printed).not.toContain('sentinel-pass-456');
    const inFile = tmpYaml('redis:\n  sentinels: [{host: s1}]\n  sentinelName: tb\n  sentinelPassword: written-here\n');
    expect(() => loadConfig({ env: { ...baseEnv, TICKETBRIDGE_CONFIG: inFile } })).toThrow(
      /redis\.sentinelPassword: secrets must come from the environment/,
    );
  });

  it("refuses Sentinels without the primary's name, a name without Sentinels, and a bad Sentinel, naming the field", () => {
    const load =
      (yaml: string, extra: Record<string, string> = {}) =>
      () =>
        loadConfig({ env: { ...baseEnv, ...extra, TICKETBRIDGE_CONFIG: tmpYaml(yaml) } });
    expect(load('redis:\n  sentinels: [{host: s1}]\n')).toThrow(/redis\.sentinelName: required with redis\.sentinels/);
    expect(load('redis:\n  sentinelName: tb\n')).toThrow(/redis\.sentinels: required with redis\.sentinelName/);
    expect(load('redis:\n  sentinels: []\n  sentinelName: tb\n')).toThrow(/redis\.sentinels: Array must contain at least 1/);
    expect(load('redis:\n  sentinels: [{host: s1, port: 70000}]\n  sentinelName: tb\n')).toThrow(/redis\.sentinels\.0\.port/);
    expect(load('redis:\n  prefix: tb\n', { REDIS_SENTINEL_PASSWORD: 'sentinel-pass-456' })).toThrow(
      /redis\.sentinelPassword: REDIS_SENTINEL_PASSWORD is set but redis\.sentinels is not/,
    );
  });

  it('names an unreadable or invalid site file', () => {
    expect(() => loadConfig({ env: { ...baseEnv, TICKETBRIDGE_CONFIG: '/nonexistent/site.yaml' } })).toThrow(/TICKETBRIDGE_CONFIG: cannot read/);
    const file = tmpYaml('dolibarr: [unclosed');
    expect(() => loadConfig({ env: { ...baseEnv, TICKETBRIDGE_CONFIG: file } })).toThrow(/not valid YAML/);
  });

  it('masks secrets in the printed configuration', () => {
    const config = loadConfig({ env: { ...baseEnv, ADMIN_TOKEN: 'admin-token-0123456789', TB_HELPDESK_WEBHOOK_SECRET: 'hook-secret-123' } });
    const printed = JSON.stringify(maskedConfig(config));
    expect(printed).not.toContain(baseEnv.DOLIBARR_API_KEY);
    expect(printed).not.toContain('admin-token-0123456789');
    expect(printed).not.toContain('hook-secret-123');
    expect(printed).toContain('"apiKey":"***"');
    expect(printed).toContain('"url":"http://127.0.0.1:8080/api/index.php"');
  });
});
