import { z } from 'zod';
import { ConfigError } from '../../../src/config/load';
import { createAdapters } from '../../../src/helpdesk/registry';
import type { HelpdeskPlugin } from '../../../src/plugin-sdk';
import { SHIPPED_PLUGINS } from '../../../plugins';

const echoPlugin: HelpdeskPlugin<{ greeting: string }> = {
  name: 'echo',
  configSchema: z.object({ greeting: z.string() }).strict(),
  requiredSecrets: ['token'],
  create: (ctx) => ({ id: ctx.helpdeskId, plugin: `echo:${ctx.config.greeting}` }),
};
const instance = (plugin: string, settings: Record<string, unknown>, secrets: Record<string, string> = { token: 't' }) => ({
  plugin,
  enabled: true,
  settings,
  secrets,
});

describe('helpdesk registry', () => {
  it('builds adapters from the plugins it is handed, not from a list of its own', () => {
    const adapters = createAdapters({ desk: instance('echo', { greeting: 'hi' }) }, [echoPlugin]);
    expect(adapters.get('desk')).toEqual({ id: 'desk', plugin: 'echo:hi' });
    expect(() => createAdapters({ desk: instance('echo', { greeting: 'hi' }) }, SHIPPED_PLUGINS)).toThrow(
      /unknown plugin "echo" \(available: webhook, znuny, rt, jsm\)/,
    );
  });

  it('reports every bad setting and missing secret of every helpdesk at once', () => {
    let err: unknown;
    try {
      createAdapters({ a: instance('echo', { greeting: 3 }), b: instance('echo', { greeting: 'x' }, {}), c: instance('nope', {}) }, [echoPlugin]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message).toContain('helpdesks.a.settings.greeting');
    expect(message).toContain('TB_HELPDESK_B_TOKEN');
    expect(message).toContain('helpdesks.c.plugin: unknown plugin "nope" (available: echo)');
  });
});
