import type { DolIntervention, DolProduct } from '../../erp/dolibarr/types';
import type { EngineDeps } from './deps';
import { consumptionExtrafields, contractConsumption } from '../rules/contract-consumption';
import { readExtrafield } from '../rules/erp-extrafields';

/**
 * Writes a contract's support hours (prepaid, used, left) to its extrafields, where finance reads them on the
 * contract card. Called when one of its interventions is validated, changed, closed or deleted; reads the contract's
 * interventions afresh, so a replay or a missed event is corrected by the next one. Writes only what changed.
 */
export async function refreshContractHours(contractId: number, deps: Pick<EngineDeps, 'erp' | 'rules' | 'logger' | 'now'>): Promise<void> {
  const contract = await deps.erp.getContract(contractId);
  if (!contract) return;
  const interventions: DolIntervention[] = [];
  for await (const i of deps.erp.listInterventions({ contractId, statuses: [1, 2, 3] })) interventions.push(i);
  const products: DolProduct[] = [];
  for (const ref of new Set(contract.lines.map((l) => l.productRef).filter((r): r is string => !!r && deps.rules.contract.serviceRefs.includes(r)))) {
    const p = await deps.erp.getProductByRef(ref);
    if (p) products.push(p);
  }
  const consumption = contractConsumption(contract, interventions, products, deps.now(), deps.rules);
  if (!consumption) return;
  const values = consumptionExtrafields(consumption);
  const same = Object.entries(values).every(([name, v]) => {
    const current = readExtrafield(contract.extrafields, name);
    return v === null ? current === null : current !== null && Number(current) === v;
  });
  if (same) return;
  await deps.erp.setContractExtrafields(contractId, values);
  deps.logger.info('contract support hours updated', { ...consumption });
}
