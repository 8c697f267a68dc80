import type { DolContract, DolIntervention, DolProduct } from '../../erp/dolibarr/types';
import type { RulesConfig } from '../../config/rules-schema';
import { consumedSeconds, lineStart, pickCoveringLine, prepaidHours, type CoveringLine } from './contract-coverage';
import { secondsToHours } from './duration-format';
import { ERP_EXTRAFIELDS } from './erp-extrafields';

export interface ContractConsumption {
  contractId: number;
  lineId: number;
  prepaidHours: number | null;
  usedHours: number;
  /** prepaid − used; negative = overage; null when the service's hours are not counted. */
  leftHours: number | null;
}

/**
 * The support line whose hours the contract card shows: the one covering `at`, else the support line
 * that started last (an expired contract still shows what it consumed).
 */
function shownLine(contract: DolContract, at: Date, config: Pick<RulesConfig, 'contract' | 'timeZone'>): CoveringLine | null {
  const covering = pickCoveringLine([contract], at, config.contract.serviceRefs, config.timeZone);
  if (covering) return covering;
  const support = contract.lines
    .filter((l) => l.productRef && config.contract.serviceRefs.includes(l.productRef) && lineStart(l) !== null)
    .sort((a, b) => (lineStart(b)?.getTime() ?? 0) - (lineStart(a)?.getTime() ?? 0) || b.id - a.id);
  return support[0] ? { contract, line: support[0] } : null;
}

/**
 * Hours prepaid, used and left on a contract's support line, counting its validated, billed and closed
 * interventions (drafts are not time spent yet). Null when the contract has no support line.
 */
export function contractConsumption(
  contract: DolContract,
  interventions: DolIntervention[],
  products: DolProduct[],
  at: Date,
  config: Pick<RulesConfig, 'contract' | 'timeZone'>,
): ContractConsumption | null {
  const shown = shownLine(contract, at, config);
  if (!shown) return null;
  const product = products.find((p) => p.ref === shown.line.productRef) ?? null;
  const prepaid = prepaidHours(shown.line, product, config.contract.hoursPerUnit);
  const counted = interventions.filter((i) => i.status >= 1 && i.contractId === contract.id);
  const usedHours = secondsToHours(consumedSeconds(counted, shown, config.timeZone));
  return {
    contractId: contract.id,
    lineId: shown.line.id,
    prepaidHours: prepaid,
    usedHours,
    leftHours: prepaid === null ? null : Math.round((prepaid - usedHours) * 100) / 100,
  };
}

/** The contract extrafields for a consumption; a value not counted is cleared rather than left stale. */
export function consumptionExtrafields(c: ContractConsumption): Record<string, number | null> {
  const C = ERP_EXTRAFIELDS.contrat;
  return { [C.hoursPrepaid]: c.prepaidHours, [C.hoursUsed]: c.usedHours, [C.hoursLeft]: c.leftHours };
}
