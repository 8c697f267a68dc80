import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { DolIntervention } from '../../erp/dolibarr/types';
import type { RulesConfig } from '../../config/rules-schema';
import { pickCoveringLine } from '../rules/contract-coverage';
import { checkContractQuery, coveredBy, isTypeCovered, type ContractResolution } from '../rules/contract-resolution';

export interface ContractDeps {
  erp: Pick<DolibarrApi, 'listContracts' | 'getProductByRef' | 'listInterventions'>;
  config: Pick<RulesConfig, 'contract' | 'timeZone'>;
}

/**
 * The support contract covering a ticket of a third party at a date, read from Dolibarr:
 * the third party's contracts, the covering line's product and the contract's interventions.
 */
export async function resolveContract(
  socid: number,
  ticketDate: Date,
  ticketType: string | null | undefined,
  deps: ContractDeps,
): Promise<ContractResolution> {
  checkContractQuery(socid, ticketDate);
  const { contract: cfg, timeZone } = deps.config;
  if (!isTypeCovered(ticketType, cfg)) return { kind: 'none', reason: 'type not covered' };
  const covering = pickCoveringLine(await deps.erp.listContracts(socid), ticketDate, cfg.serviceRefs, timeZone);
  if (!covering) return { kind: 'none', reason: 'no covering contract' };
  const product = covering.line.productRef ? await deps.erp.getProductByRef(covering.line.productRef) : null;
  const interventions: DolIntervention[] = [];
  for await (const i of deps.erp.listInterventions({ contractId: covering.contract.id })) interventions.push(i);
  return coveredBy(covering, product, interventions, deps.config);
}
