import { z } from 'zod';
import { ConfigError } from '../../../src/config/load';
import { createDevTrackers } from '../../../src/devtracker/registry';
import type { DevTrackerPlugin } from '../../../src/plugin-sdk';
import { SHIPPED_DEV_TRACKERS } from '../../../plugins';

const stub = (id: string, plugin: string) => ({
  id,
  plugin,
  createIssue: () => Promise.reject(new Error('unused')),
  getIssue: () => Promise.resolve(null),
  findByExternalRef: () => Promise.resolve([]),
  listChanges: () => Promise.resolve({ issues: [], cursor: '' }),
  addNote: () => Promise.resolve(),
});
const echoTracker: DevTrackerPlugin<{ project: number }> = {
  name: 'echo',
  configSchema: z.object({ project: z.number() }).strict(),
  requiredSecrets: ['token'],
  create: (ctx) => stub(ctx.trackerId, `echo:${ctx.config.project}`),
};
const instance = (plugin: string, settings: Record<string, unknown>, secrets: Record<string, string> = { token: 't' }, enabled = true) => ({
  plugin,
  enabled,
  settings,
  secrets,
});

function configError(build: () => unknown): string {
  try {
    build();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('development-tracker registry', () => {
  it('builds the enabled trackers from the plugins it is handed', () => {
    const trackers = createDevTrackers({ bugs: instance('echo', { project: 1 }), off: instance('echo', {}, {}, false) }, [echoTracker]);
    expect([...trackers.keys()]).toEqual(['bugs']);
    expect(trackers.get('bugs')?.plugin).toBe('echo:1');
    expect(SHIPPED_DEV_TRACKERS.map((p) => p.name)).toEqual(['projeqtor']);
  });

  it('reports every bad setting, missing secret and unknown plugin at once', () => {
    const message = configError(() =>
      createDevTrackers({ a: instance('echo', { project: 'x' }), 'dev-b': instance('echo', { project: 2 }, {}), c: instance('nope', {}) }, [
        echoTracker,
      ]),
    );
    expect(message).toContain('devTrackers.a.settings.project');
    expect(message).toContain('devTrackers.dev-b: secret TB_DEVTRACKER_DEV_B_TOKEN is not set in the environment');
    expect(message).toContain('devTrackers.c.plugin: unknown development tracker plugin "nope" (available: echo)');
  });

  it('reports a secret the ProjeQtor plugin refuses with the other problems', () => {
    const settings = {
      url: 'https://pq.example.com/api/',
      webUrl: 'https://pq.example.com',
      user: 'ticketbridge',
      projectId: 1,
      ticketTypeId: 209,
      initialStatusId: 1,
    };
    const message = configError(() =>
      createDevTrackers(
        {
          pq: instance('projeqtor', settings, { apikey: 'not-a-key', password: 'p' }),
          other: instance('projeqtor', { ...settings, timeZone: 'Mars/Base' }, { apikey: 'a'.repeat(32) }),
        },
        SHIPPED_DEV_TRACKERS,
      ),
    );
    expect(message).toContain('TB_DEVTRACKER_PQ_APIKEY must be the 32 lowercase hexadecimal characters');
    expect(message).toContain('devTrackers.other.settings.timeZone');
    expect(message).toContain('TB_DEVTRACKER_OTHER_PASSWORD is not set');
  });
});
