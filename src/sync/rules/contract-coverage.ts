import type { DolContract, DolContractLine, DolIntervention, DolProduct } from '../../erp/dolibarr/types';
import { localDay } from './local-day';

export interface CoveringLine {
  contract: DolContract;
  line: DolContractLine;
}

/** When the line started: the activation date, else the planned start. */
export function lineStart(line: DolContractLine): Date | null {
  return line.dateStartReal ?? line.dateStart;
}

/**
 * A running line (status 4) covers a date when its days, in the configured time zone,
 * include that day: start day ≤ day ≤ end day (no end = open-ended). Day granularity
 * because Dolibarr users pick end dates as days; a line that ended yesterday does not cover.
 */
export function lineCovers(line: DolContractLine, date: Date, timeZone: string): boolean {
  if (line.status !== 4) return false;
  const start = lineStart(line);
  if (!start) return false;
  const day = localDay(date, timeZone);
  if (localDay(start, timeZone) > day) return false;
  const end = line.dateEndReal ?? line.dateEnd;
  return end === null || day <= localDay(end, timeZone);
}

/**
 * The most specific covering support line: the shortest covering period (open-ended
 * is the longest), then the latest start, then the highest line id.
 */
export function pickCoveringLine(contracts: DolContract[], date: Date, serviceRefs: string[], timeZone: string): CoveringLine | null {
  const covering: CoveringLine[] = [];
  for (const contract of contracts) {
    for (const line of contract.lines) {
      if (line.productRef && serviceRefs.includes(line.productRef) && lineCovers(line, date, timeZone)) covering.push({ contract, line });
    }
  }
  covering.sort((a, b) => periodLength(a.line) - periodLength(b.line) || startMs(b.line) - startMs(a.line) || b.line.id - a.line.id);
  return covering[0] ?? null;
}

function periodLength(line: DolContractLine): number {
  const end = line.dateEndReal ?? line.dateEnd;
  return end === null ? Number.POSITIVE_INFINITY : end.getTime() - startMs(line);
}

function startMs(line: DolContractLine): number {
  return lineStart(line)?.getTime() ?? 0;
}

/**
 * Prepaid hours of a line. qty counts hours when the service's duration is in hours
 * ("1h" → qty hours, "2h" → 2 × qty); otherwise (e.g. "1y") qty is not hours and
 * config hoursPerUnit[ref] says how many hours one unit includes. null = hours not counted.
 */
export function prepaidHours(line: DolContractLine, product: DolProduct | null, hoursPerUnit: Record<string, number>): number | null {
  const perUnit = line.productRef ? hoursPerUnit[line.productRef] : undefined;
  if (perUnit !== undefined) return line.qty * perUnit;
  const hours = productHours(product);
  return hours === null ? null : line.qty * hours;
}

/** The hours one unit of a service stands for, when its Dolibarr duration is in hours ("1h", "2.5h"). */
export function productHours(product: DolProduct | null): number | null {
  const m = /^(\d+(?:\.\d+)?)h$/i.exec(product?.duration?.trim() ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * Seconds drawn from a contract line by the contract's interventions: lines dated
 * inside the covering period (undated lines, and headers of line-less interventions, count).
 */
export function consumedSeconds(interventions: DolIntervention[], covering: CoveringLine, timeZone: string): number {
  const inLine = (date: Date | null) => date === null || lineCoversDay(covering.line, date, timeZone);
  let total = 0;
  for (const i of new Map(interventions.map((x) => [x.id, x])).values()) {
    if (i.contractId !== covering.contract.id) continue;
    if (i.lines.length === 0) total += Math.max(0, i.durationSeconds);
    else for (const l of i.lines) if (inLine(l.date)) total += Math.max(0, l.durationSeconds);
  }
  return total;
}

/** Like lineCovers but ignores the line's current status (past time stays drawn from it). */
function lineCoversDay(line: DolContractLine, date: Date, timeZone: string): boolean {
  return lineCovers({ ...line, status: 4 }, date, timeZone);
}
