import { configSchema } from '../../../src/config/schema';
import { ConfigError } from '../../../src/config/load';
import { devEscalationProblems, devEscalationTracker } from '../../../src/jobs/dev-escalation';
import { FakeDevTracker } from '../../support/fakes/dev-tracker';

const config = (devEscalation: Record<string, unknown>) =>
  configSchema.parse({
    dolibarr: { url: 'https://erp.example', apiKey: 'k' },
    helpdesks: { znuny: { plugin: 'znuny' }, rt: { plugin: 'rt', enabled: false } },
    devTrackers: { projeqtor: { plugin: 'projeqtor' }, mantis: { plugin: 'mantis', enabled: false } },
    devEscalation,
  });

describe('dev escalation at start-up and in check-config', () => {
  const trackers = new Map([['projeqtor', new FakeDevTracker('projeqtor')]]);

  it('uses no tracker while off', () => {
    expect(devEscalationTracker(config({ tracker: 'nowhere' }), new Map())).toBeUndefined();
  });

  it('takes the configured tracker', () => {
    expect(devEscalationTracker(config({ enabled: true, tracker: 'projeqtor', helpdesks: { znuny: {} } }), trackers)).toBe(trackers.get('projeqtor'));
  });

  it('names a tracker or a helpdesk that is unknown or disabled, and stops start-up', () => {
    const bad = config({ enabled: true, tracker: 'mantis', helpdesks: { rt: {}, otrs: {} } });
    expect(devEscalationProblems(bad)).toEqual([
      'devEscalation.tracker: no enabled development tracker "mantis" in devTrackers (configured: projeqtor)',
      'devEscalation.helpdesks.rt: no enabled helpdesk "rt"',
      'devEscalation.helpdesks.otrs: no enabled helpdesk "otrs"',
    ]);
    expect(() => devEscalationTracker(bad, trackers)).toThrow(ConfigError);
  });
});
