import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { DolContract, DolIntervention, DolProduct, DolThirdParty, DolTicket } from '../../erp/dolibarr/types';
import type { RulesConfig } from '../../config/rules-schema';
import type { BillingData } from '../rules/billing-report';

type BillingApi = Pick<DolibarrApi, 'listInterventions' | 'getThirdParty' | 'listContracts' | 'getTicket' | 'getProductByRef'>;

/**
 * Loads what a billing run needs from Dolibarr: validated, billed or closed interventions
 * (with their links and extrafields), their third parties, contracts, tickets, and the
 * support service products.
 */
export async function loadBillingData(erp: BillingApi, rules: Pick<RulesConfig, 'contract'>): Promise<BillingData> {
  const interventions: DolIntervention[] = [];
  for await (const i of erp.listInterventions({ statuses: [1, 2, 3] })) interventions.push(i);
  const socids = [...new Set(interventions.map((i) => i.socid))];
  const thirdparties: DolThirdParty[] = [];
  const contracts: DolContract[] = [];
  for (const socid of socids) {
    const tp = await erp.getThirdParty(socid);
    if (tp) thirdparties.push(tp);
    contracts.push(...(await erp.listContracts(socid)));
  }
  const ticketIds = [...new Set(interventions.flatMap((i) => i.linkedObjects.ticket ?? []))];
  const tickets: DolTicket[] = [];
  for (const id of ticketIds) {
    const t = await erp.getTicket(id);
    if (t) tickets.push(t);
  }
  const products: DolProduct[] = [];
  for (const ref of rules.contract.serviceRefs) {
    const p = await erp.getProductByRef(ref);
    if (p) products.push(p);
  }
  return { thirdparties, contracts, interventions, tickets, products };
}
