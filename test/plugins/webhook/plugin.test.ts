import { webhookPlugin } from '../../../plugins/webhook';
import { formatZodIssues } from '../../../src/plugin-sdk';
import { getLogger } from '../../../src/logging/logger';
import { makeAdapter } from './helpers';

function settingsIssues(settings: unknown): string[] {
  const parsed = webhookPlugin.configSchema.safeParse(settings);
  return parsed.success ? [] : formatZodIssues(parsed.error);
}

describe('webhook plugin', () => {
  it('is registered as "webhook", needs the shared secret, and is also the default export', () => {
    expect(webhookPlugin.name).toBe('webhook');
    expect(webhookPlugin.requiredSecrets).toEqual(['secret']);
  });

  it('applies defaults and refuses bad settings by name', () => {
    expect(webhookPlugin.configSchema.parse({})).toEqual({
      outboundUrl: '',
      toleranceSeconds: 300,
      outboundTimeoutMs: 10_000,
      outboundBatch: false,
      attachmentHosts: [],
    });
    expect(settingsIssues({ outboundUrl: 'not a url' })[0]).toMatch(/^outboundUrl: /);
    expect(settingsIssues({ outboundUrl: 'ftp://desk.example.com/in' })).toEqual(['outboundUrl: must be an http:// or https:// URL']);
    expect(settingsIssues({ toleranceSeconds: 0 })[0]).toMatch(/^toleranceSeconds: /);
    expect(settingsIssues({ outbondUrl: 'https://x.example' })[0]).toMatch(/Unrecognized key.*outbondUrl/);
    expect(settingsIssues({ outboundBatch: 'yes' })[0]).toMatch(/^outboundBatch: /);
  });

  it('is push-only, and takes updates only when outboundUrl is set', () => {
    const inboundOnly = makeAdapter({ outboundUrl: '' });
    expect(inboundOnly).toMatchObject({ id: 'acme-desk', plugin: 'webhook' });
    expect(inboundOnly.inbound).toBeDefined();
    expect('deliver' in inboundOnly).toBe(false);
    expect(inboundOnly.fetchTicket).toBeUndefined();
    expect(inboundOnly.listChanges).toBeUndefined();
    expect(typeof makeAdapter({ outboundUrl: 'https://desk.example.com/in' }).deliver).toBe('function');
  });

  it('refuses to start without a secret rather than accept anything signed with an empty key', () => {
    const ctx = { helpdeskId: 'x', config: webhookPlugin.configSchema.parse({}), secrets: {}, logger: getLogger('test'), now: () => new Date() };
    expect(() => webhookPlugin.create(ctx)).toThrow(/"secret"/);
  });
});
