import { formatRoundLine, formatRounds, median, type Round } from '../../../bench/rounds';

/** A bridge run of 100 tickets at `rate` tickets/s, or one that did not complete. */
function bridge(rate: number | undefined): Round['bridge'] {
  return {
    tickets: 100,
    send: { accepted: 400, refused: [], startedAt: 1000, endedAt: 2000 },
    completeAt: rate === undefined ? undefined : 1000 + 100_000 / rate,
    serviceCpuSeconds: 2,
    erp: { processes: ['php', 'mariadbd'], seconds: 5 },
  };
}
const naive = (rate: number): Round['naive'] => ({ ok: 100, tickets: 100, ms: 100_000 / rate, erp: { processes: ['php'], seconds: 6 } });
const floor = (rate: number): Round['floor'] => ({ completed: 100, ms: 100_000 / rate });

describe('bench rounds', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives each ratio as a median and a spread over the rounds, leaving out a bridge run that did not complete', () => {
    const rounds: Round[] = [
      { naive: naive(20), floor: floor(25), bridge: bridge(18) },
      { naive: naive(25), floor: floor(30), bridge: bridge(25) },
      { naive: naive(20), floor: floor(30), bridge: bridge(22) },
      { naive: naive(20), floor: floor(27), bridge: bridge(undefined) },
    ];
    const text = formatRounds(rounds);
    expect(text).toContain('1 of 4 bridge runs did not complete');
    expect(text).toContain('ratio bridge / naive (tickets/s): median 1.00, from 0.90 to 1.10 (0.90, 1.00, 1.10)');
    expect(text).toContain('ratio bridge / floor: median 0.73, from 0.72 to 0.83 (0.72, 0.83, 0.73)');
    // The floor's rate is known for every round, the bridge's or not.
    expect(text).toContain('ratio floor / naive: median 1.30, from 1.20 to 1.50 (1.25, 1.20, 1.50, 1.35)');
  });

  it("prints a round's rates, ratios and CPU per ticket as it ends", () => {
    const line = formatRoundLine({ naive: naive(20), bridge: bridge(18), idleServiceCpuSeconds: 0.1 }, 2, 5);
    expect(line).toBe(
      'round 2 of 5: naive 20.0, bridge 18.0 tickets/s; bridge / naive 0.90; CPU per ticket: service 20 ms, Dolibarr 50 ms, ' +
        'Dolibarr for the script 60 ms, the idle service beside the script 1 ms',
    );
  });
});
