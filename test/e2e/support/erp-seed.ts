import { ERP_EXTRAFIELD_DEFINITIONS } from '../../../src/sync/rules/erp-extrafields';

/** The Dolibarr double's seed for the extrafields `ticketbridge setup-erp` creates, as if it had run. */
export function bridgeExtrafieldsSeed(): Array<{ elementtype: string; attrname: string; label: string; type: string }> {
  return ERP_EXTRAFIELD_DEFINITIONS.map(({ elementType, def }) => ({
    elementtype: elementType,
    attrname: def.attrname,
    label: def.label,
    type: def.type,
  }));
}
