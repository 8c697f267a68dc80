import { getLogger } from '../../../src/logging/logger';
import { InputError } from '../../../src/plugin-sdk';
import { projeqtorPlugin } from '../../../plugins/projeqtor';
import { SETTINGS } from './recorded';

const parse = (over: Record<string, unknown>) => projeqtorPlugin.configSchema.safeParse({ ...SETTINGS, ...over });

describe('ProjeQtor settings', () => {
  it('fills the defaults from the recorded instance', () => {
    const parsed = projeqtorPlugin.configSchema.parse({ ...SETTINGS, url: 'https://pq.example.com/api' });
    expect(parsed).toMatchObject({
      url: 'https://pq.example.com/api/',
      urgencies: { critical: 1, high: 2, normal: 3, low: 3 },
      timeZone: 'Europe/Paris',
      aesBits: 128,
      pollOverlapSeconds: 120,
    });
    expect(parsed.priorities).toBeUndefined();
  });

  it.each([
    [{ url: 'https://pq.example.com/api/index.php?uri=' }, 'url'],
    [{ url: 'https://pq.example.com/' }, 'url'],
    [{ timeZone: 'Paris' }, 'timeZone'],
    [{ aesBits: 512 }, 'aesBits'],
    [{ projectId: 0 }, 'projectId'],
    [{ priorities: { critical: 4 } }, 'priorities.high'],
    [{ urgencies: { urgent: 1 } }, 'urgencies'],
    [{ apikey: 'x' }, '(root)'],
  ])('refuses %j, naming %s', (over, field) => {
    const parsed = parse(over);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.') || '(root)')).toContain(field);
  });

  it.each(['', 'A35B0093C34267792BFADFE40A4517F6', 'a35b0093c34267792bfadfe40a4517f', 'secret'])(
    'refuses the API key %j with the place to read the right one',
    (apikey) => {
      const create = () =>
        projeqtorPlugin.create({
          trackerId: 'dev-pq',
          config: projeqtorPlugin.configSchema.parse(SETTINGS),
          secrets: { apikey, password: 'p' },
          logger: getLogger('t'),
          now: () => new Date(),
        });
      expect(create).toThrow(InputError);
      expect(create).toThrow(/TB_DEVTRACKER_DEV_PQ_APIKEY must be the 32 lowercase hexadecimal characters shown as "API key"/);
    },
  );
});
