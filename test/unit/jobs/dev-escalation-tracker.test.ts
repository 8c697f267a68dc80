import { devEscalationConfigSchema } from '../../../src/config/dev-escalation-schema';
import { ConfigError } from '../../../src/config/load';
import { devEscalationTracker } from '../../../src/jobs/dev-escalation';
import { FakeDevTracker } from '../../support/fakes/dev-tracker';

describe('dev escalation at start-up', () => {
  const trackers = new Map([['projeqtor', new FakeDevTracker('projeqtor')]]);
  const config = (input: Record<string, unknown>) => devEscalationConfigSchema.parse(input);

  it('uses no tracker while off', () => {
    expect(devEscalationTracker(config({}), new Map(), [])).toBeUndefined();
  });

  it('takes the configured tracker', () => {
    expect(devEscalationTracker(config({ enabled: true, tracker: 'projeqtor', helpdesks: { znuny: {} } }), trackers, ['znuny'])).toBe(
      trackers.get('projeqtor'),
    );
  });

  it('stops start-up naming an unknown tracker and an unknown helpdesk', () => {
    const run = () => devEscalationTracker(config({ enabled: true, tracker: 'mantis', helpdesks: { otrs: {} } }), trackers, ['znuny']);
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(
      /devEscalation\.tracker: no development tracker "mantis" in devTrackers \(configured: projeqtor\)[\s\S]*devEscalation\.helpdesks\.otrs/,
    );
  });
});
