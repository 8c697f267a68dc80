import type { DolibarrApi } from '../../erp/dolibarr/api';
import { ERP_EXTRAFIELD_DEFINITIONS, type ElementType } from '../rules/erp-extrafields';

export interface ErpSetupResult {
  created: Array<{ elementType: ElementType; attrname: string }>;
  existing: Array<{ elementType: ElementType; attrname: string }>;
}

/**
 * `ticketbridge setup-erp`: creates the extrafields the bridge needs. Lists first and
 * creates only the missing ones, so running it twice changes nothing the second time.
 * Needs an admin API key (Dolibarr restricts /setup/extrafields to admins).
 */
export async function ensureErpExtrafields(erp: Pick<DolibarrApi, 'listExtrafields' | 'createExtrafield'>): Promise<ErpSetupResult> {
  const result: ErpSetupResult = { created: [], existing: [] };
  for (const elementType of ['ticket', 'fichinter'] as const) {
    const present = new Set((await erp.listExtrafields(elementType)).map((e) => e.attrname));
    for (const { def } of ERP_EXTRAFIELD_DEFINITIONS.filter((w) => w.elementType === elementType)) {
      if (present.has(def.attrname)) {
        result.existing.push({ elementType, attrname: def.attrname });
        continue;
      }
      await erp.createExtrafield(elementType, def);
      result.created.push({ elementType, attrname: def.attrname });
    }
  }
  return result;
}
