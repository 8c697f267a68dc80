import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { DolIntervention } from '../../erp/dolibarr/types';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../plugin-sdk';
import { consumedSeconds, pickCoveringLine, prepaidHours } from './contract-coverage';
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

export interface ContractDeps {
  api: Pick<DolibarrApi, 'listContracts' | 'getProductByRef' | 'listInterventions'>;
  config: Pick<RulesConfig, 'contract' | 'timeZone'>;
}

/**
 * The support contract covering a ticket of a third party at a date.
 * ticketType is the Dolibarr ticket type code (after mapping); types listed in
 * contract.notCoveredTypes are never covered.
 */
export async function resolveContract(socid: number, ticketDate: Date, ticketType: string | null | undefined, deps: ContractDeps): Promise<ContractResolution> {
  if (!Number.isInteger(socid) || socid <= 0) throw new InputError('contract resolution', [`socid: must be a positive integer, got ${socid}`]);
  if (!(ticketDate instanceof Date) || Number.isNaN(ticketDate.getTime())) throw new InputError('contract resolution', ['ticketDate: invalid date']);
  const { contract: cfg, timeZone } = deps.config;
  if (ticketType && cfg.notCoveredTypes.includes(ticketType)) return { kind: 'none', reason: 'type not covered' };

  const covering = pickCoveringLine(await deps.api.listContracts(socid), ticketDate, cfg.serviceRefs, timeZone);
  if (!covering) return { kind: 'none', reason: 'no covering contract' };

  const product = covering.line.productRef ? await deps.api.getProductByRef(covering.line.productRef) : null;
  const prepaid = prepaidHours(covering.line, product, cfg.hoursPerUnit);
  const interventions: DolIntervention[] = [];
  for await (const i of deps.api.listInterventions({ contractId: covering.contract.id })) interventions.push(i);
  const usedHours = secondsToHours(consumedSeconds(interventions, covering, timeZone));
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
