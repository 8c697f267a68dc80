import { computeTicketDuration } from '../../../../src/sync/rules/duration';
import { formatDuration } from '../../../../src/sync/rules/duration-format';
import { intervention, interventionLine } from '../../../support/fakes/dolibarr-builders';

describe('computeTicketDuration', () => {
  it('sums the lines of every intervention, falling back to the header when lines are absent', () => {
    const bridge = intervention({
      id: 1,
      lines: [interventionLine(1, '2026-03-01T10:00:00Z', 3600), interventionLine(2, '2026-03-01T14:00:00Z', 1800)],
    });
    const byHand = intervention({ id: 2, lines: [], durationSeconds: 2700 });
    expect(computeTicketDuration([bridge, byHand, bridge])).toEqual({ seconds: 8100, human: '2 h 15', hours: 2.25, interventionCount: 2 });
  });

  it('is zero for a ticket without interventions', () => {
    expect(computeTicketDuration([])).toEqual({ seconds: 0, human: '0 min', hours: 0, interventionCount: 0 });
  });
});

describe('formatDuration', () => {
  it.each([
    [5400, '1 h 30'],
    [3600, '1 h'],
    [2700, '45 min'],
    [3660, '1 h 01'],
    [89, '1 min'],
  ])('%i s → %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
});
