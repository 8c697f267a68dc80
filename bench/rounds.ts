import { naiveTicketsPerSecond, type BaselineRun } from './baseline';
import { floorTicketsPerSecond, type FloorRun } from './floor-relay';
import { bridgeRate, type RunFacts } from './report';
import { msPerTicket } from './stats';

/** One measured round: the contenders asked for, then the service, one after the other. */
export interface Round {
  naive?: Pick<BaselineRun, 'ok' | 'ms' | 'tickets' | 'erp'>;
  floor?: Pick<FloorRun, 'completed' | 'ms'>;
  bridge: Pick<RunFacts, 'tickets' | 'send' | 'completeAt' | 'serviceCpuSeconds' | 'erp'>;
  /** The service's CPU while the naive script ran beside it, idle (rounds after the first; the first ran before it started). */
  idleServiceCpuSeconds?: number;
}

const fixed = (v: number) => v.toFixed(2);
const ms = (v: number) => `${Math.round(v)} ms`;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A round's ratios of tickets/s; a ratio is missing when one of its two runs was not made or did not complete. */
function ratiosOf(round: Round): { bridgeNaive?: number; bridgeFloor?: number; floorNaive?: number } {
  const bridge = bridgeRate(round.bridge);
  const naive = round.naive && naiveTicketsPerSecond(round.naive);
  const floor = round.floor && floorTicketsPerSecond(round.floor);
  return {
    ...(bridge !== undefined && naive !== undefined ? { bridgeNaive: bridge / naive } : {}),
    ...(bridge !== undefined && floor !== undefined ? { bridgeFloor: bridge / floor } : {}),
    ...(floor !== undefined && naive !== undefined ? { floorNaive: floor / naive } : {}),
  };
}

/** `round 2 of 5: naive 27.1, floor 33.0, bridge 22.0 tickets/s; bridge / naive 0.81; ...`, printed as each round ends. */
export function formatRoundLine(round: Round, index: number, count: number): string {
  const rates: string[] = [];
  if (round.naive) rates.push(`naive ${naiveTicketsPerSecond(round.naive).toFixed(1)}`);
  if (round.floor) rates.push(`floor ${floorTicketsPerSecond(round.floor).toFixed(1)}`);
  const bridge = bridgeRate(round.bridge);
  rates.push(`bridge ${bridge === undefined ? 'incomplete' : bridge.toFixed(1)}`);
  const { bridgeNaive, bridgeFloor } = ratiosOf(round);
  const ratios: string[] = [];
  if (bridgeNaive !== undefined) ratios.push(`bridge / naive ${fixed(bridgeNaive)}`);
  if (bridgeFloor !== undefined) ratios.push(`bridge / floor ${fixed(bridgeFloor)}`);
  const cpu: string[] = [];
  const b = round.bridge;
  if (b.serviceCpuSeconds !== undefined) cpu.push(`service ${ms(msPerTicket(b.serviceCpuSeconds, b.tickets))}`);
  if (b.erp) cpu.push(`Dolibarr ${ms(msPerTicket(b.erp.seconds, b.tickets))}`);
  if (round.naive?.erp) cpu.push(`Dolibarr for the script ${ms(msPerTicket(round.naive.erp.seconds, round.naive.tickets))}`);
  if (round.idleServiceCpuSeconds !== undefined && round.naive) {
    cpu.push(`the idle service beside the script ${ms(msPerTicket(round.idleServiceCpuSeconds, round.naive.tickets))}`);
  }
  return (
    `round ${index} of ${count}: ${rates.join(', ')} tickets/s` +
    (ratios.length ? `; ${ratios.join(', ')}` : '') +
    (cpu.length ? `; CPU per ticket: ${cpu.join(', ')}` : '')
  );
}

function spread(label: string, values: number[]): string {
  return `${label}: median ${fixed(median(values))}, from ${fixed(Math.min(...values))} to ${fixed(Math.max(...values))} (${values.map(fixed).join(', ')})`;
}

/** The rounds together: the median and the spread of each ratio, over the rounds that completed. */
export function formatRounds(rounds: Round[]): string {
  const out = [`== ${rounds.length} rounds, interleaved: each the contenders asked for, then the bridge ==`];
  const ratios = { naive: [] as number[], floor: [] as number[], floorOverNaive: [] as number[] };
  for (const r of rounds) {
    const { bridgeNaive, bridgeFloor, floorNaive } = ratiosOf(r);
    if (bridgeNaive !== undefined) ratios.naive.push(bridgeNaive);
    if (bridgeFloor !== undefined) ratios.floor.push(bridgeFloor);
    if (floorNaive !== undefined) ratios.floorOverNaive.push(floorNaive);
  }
  const completed = rounds.filter((r) => bridgeRate(r.bridge) !== undefined).length;
  if (completed < rounds.length) out.push(`${rounds.length - completed} of ${rounds.length} bridge runs did not complete: left out below`);
  if (ratios.naive.length) out.push(spread('ratio bridge / naive (tickets/s)', ratios.naive));
  if (ratios.floor.length) out.push(spread('ratio bridge / floor', ratios.floor));
  if (ratios.floorOverNaive.length) out.push(spread('ratio floor / naive', ratios.floorOverNaive));
  if (!ratios.naive.length && !ratios.floor.length) out.push('no ratio: run with --baseline and/or --floor');
  return out.join('\n');
}
