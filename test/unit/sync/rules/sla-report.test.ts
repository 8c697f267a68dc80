import { computeSlaReport, median, percentile } from '../../../../src/sync/rules/sla-report';
import { renderSlaTables, slaCsv } from '../../../../src/sync/rules/sla-report-output';
import type { SlaRecord } from '../../../../src/sync/rules/sla-record';

let n = 0;
function record(customer: string, priority: string, fr: [number, boolean, boolean] | null, res: [number, boolean, boolean] | null): SlaRecord {
  const target = (t: [number, boolean, boolean] | null, targetMinutes: number) =>
    t ? { targetMinutes, usedMinutes: t[0], done: t[1], breached: t[2] } : null;
  n += 1;
  return {
    helpdeskId: 'znuny',
    ticketId: String(n),
    erpRef: `HD-${n}`,
    socid: null,
    customerEmail: customer,
    priority,
    policy: 'standard',
    createdAt: '2026-11-03T09:00:00.000Z',
    status: 'ok',
    open: !res?.[1],
    firstResponse: target(fr, 60),
    resolution: target(res, 480),
  };
}

describe('median and p90', () => {
  it('take the middle value (mean of the two middle ones) and the nearest rank', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBe(90);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([3, 1, 2], 90)).toBe(3);
  });
});

describe('service-level report', () => {
  const records = [
    record('ann@acme.example', 'high', [20, true, false], [300, true, false]),
    record('ann@acme.example', 'high', [90, true, true], [600, true, true]),
    record('bob@beta.example', 'normal', [10, true, false], [100, false, false]),
    record('bob@beta.example', 'high', [70, false, true], null),
  ];
  const report = computeSlaReport('2026-11', records, (r) => r.customerEmail!);

  it('counts tickets, targets met, breaches and business times per customer, with a total', () => {
    expect(report.byCustomer).toEqual([
      {
        key: 'ann@acme.example',
        tickets: 2,
        targets: 4,
        targetsMet: 2,
        firstResponseMedian: 55,
        firstResponseP90: 90,
        resolutionMedian: 450,
        resolutionP90: 600,
        breaches: 1,
      },
      // A resolution still running is neither met nor breached yet; an unanswered breached first response counts as breached.
      {
        key: 'bob@beta.example',
        tickets: 2,
        targets: 2,
        targetsMet: 1,
        firstResponseMedian: 10,
        firstResponseP90: 10,
        resolutionMedian: null,
        resolutionP90: null,
        breaches: 1,
      },
      {
        key: 'TOTAL',
        tickets: 4,
        targets: 6,
        targetsMet: 3,
        firstResponseMedian: 20,
        firstResponseP90: 90,
        resolutionMedian: 450,
        resolutionP90: 600,
        breaches: 2,
      },
    ]);
  });

  it('groups per priority', () => {
    expect(report.byPriority.map((r) => [r.key, r.tickets, r.breaches])).toEqual([
      ['high', 3, 2],
      ['normal', 1, 0],
      ['TOTAL', 4, 2],
    ]);
  });

  it('prints both tables and writes one CSV per grouping', () => {
    expect(renderSlaTables(report)).toContain('Per customer');
    expect(renderSlaTables(report)).toMatch(/^normal\s+1\s+1\s+1\s+10\s+10\s+0$/m);
    expect(slaCsv('2026-11', 'priority', report.byPriority).split('\r\n')).toEqual([
      'period,priority,tickets,targets,targets_met,first_response_median_min,first_response_p90_min,resolution_median_min,resolution_p90_min,breaches',
      '2026-11,high,3,5,2,55,90,450,600,2',
      '2026-11,normal,1,1,1,10,10,,,0',
      '2026-11,TOTAL,4,6,3,20,90,450,600,2',
      '',
    ]);
  });
});
