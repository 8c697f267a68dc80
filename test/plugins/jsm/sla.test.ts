import { summarizeSla } from '../../../plugins/jsm/sla';
import { slaInformationSchema, type SlaInformation } from '../../../plugins/jsm/schemas';
import { example } from './examples';

type SlaEx = { response: { body: { values: unknown[] } } };
const metrics = (): SlaInformation[] => example<SlaEx>('get-sla').response.body.values.map((v) => slaInformationSchema.parse(v));
const at = (iso: string) => ({ epochMillis: Date.parse(iso) });

describe('JSM SLA summary (documented get-sla)', () => {
  it('is breached once a completed cycle missed its goal', () => {
    expect(summarizeSla(metrics())).toEqual({ status: 'breached' });
  });

  it('is ok with the earliest breach time of the running cycles as next due date', () => {
    const [first, second] = metrics();
    const clean = { ...first!, completedCycles: [], ongoingCycle: { ...first!.ongoingCycle!, breachTime: new Date('2015-10-10T20:00:00Z') } };
    const running = { ...second!, completedCycles: [], ongoingCycle: { ...second!.ongoingCycle!, paused: false } };
    expect(summarizeSla([clean, running])).toEqual({ status: 'ok', nextDueAt: new Date('2015-10-10T20:00:00Z') });
    expect(summarizeSla([running])).toEqual({ status: 'ok', nextDueAt: new Date('2015-10-11T18:15:23.000Z') });
  });

  it('is paused when every running cycle is paused, and breached by a negative remaining time', () => {
    const paused = slaInformationSchema.parse({
      name: 'Time to resolution',
      ongoingCycle: { startTime: at('2026-11-23T08:00:00Z'), breachTime: at('2026-11-24T08:00:00Z'), breached: false, paused: true },
    });
    expect(summarizeSla([paused])).toEqual({ status: 'paused' });
    const late = slaInformationSchema.parse({
      name: 'x',
      ongoingCycle: { startTime: at('2026-11-23T08:00:00Z'), breached: false, paused: false, remainingTime: { millis: -60000, friendly: '-1m' } },
    });
    expect(summarizeSla([late])?.status).toBe('breached');
    expect(summarizeSla([])).toBeUndefined();
  });
});
