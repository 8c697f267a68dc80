import type { DolIntervention, DolProduct } from '../../erp/dolibarr/types';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../plugin-sdk';
import { consumedSeconds, prepaidHours, type CoveringLine } from './contract-coverage';
import { secondsToHours } from './duration-format';

export type ContractResolution =
  | {
      kind: 'covered';
      contractId: number;
      contractRef: string;
      lineId: number;
      productRef: string | null;
      /** null: the service's hours are not counted (e.g. a "1y" service without hoursPerUnit). */
      prepaidHours: number | null;
      usedHours: number;
      /** prepaid − used; negative = overage. null when not counted. */
      remainingHours: number | null;
    }
  | { kind: 'none'; reason: 'type not covered' | 'no covering contract' };

/** Refuses a contract question that cannot be answered: no third party, or no valid ticket date. */
export function checkContractQuery(socid: number, ticketDate: Date): void {
  if (!Number.isInteger(socid) || socid <= 0) throw new InputError('contract resolution', [`socid: must be a positive integer, got ${socid}`]);
  if (!(ticketDate instanceof Date) || Number.isNaN(ticketDate.getTime())) throw new InputError('contract resolution', ['ticketDate: invalid date']);
}

/** Ticket types listed in contract.notCoveredTypes are never covered (ticketType is the Dolibarr code, after mapping). */
export function isTypeCovered(ticketType: string | null | undefined, config: RulesConfig['contract']): boolean {
  return !(ticketType && config.notCoveredTypes.includes(ticketType));
}

/**
 * The contract line covering the ticket, with its prepaid hours (from the line's product) and the hours
 * already used by the contract's interventions.
 */
export function coveredBy(
  covering: CoveringLine,
  product: DolProduct | null,
  interventions: DolIntervention[],
  config: Pick<RulesConfig, 'contract' | 'timeZone'>,
): ContractResolution {
  const prepaid = prepaidHours(covering.line, product, config.contract.hoursPerUnit);
  const usedHours = secondsToHours(consumedSeconds(interventions, covering, config.timeZone));
  return {
    kind: 'covered',
    contractId: covering.contract.id,
    contractRef: covering.contract.ref,
    lineId: covering.line.id,
    productRef: covering.line.productRef,
    prepaidHours: prepaid,
    usedHours,
    remainingHours: prepaid === null ? null : Math.round((prepaid - usedHours) * 100) / 100,
  };
}
