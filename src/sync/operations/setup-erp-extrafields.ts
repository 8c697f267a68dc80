import type { DolibarrApi, ExtrafieldElement, NewExtrafield } from '../../erp/dolibarr/api';
import { extrafieldNeedsUpdate, extrafieldsFor, type ErpFieldFeature } from '../rules/erp-extrafields';

type FieldRef = { elementType: ExtrafieldElement; attrname: string };

export interface ErpSetupResult {
  created: FieldRef[];
  /** Existing fields whose label or visibility an earlier version defined otherwise. */
  updated: FieldRef[];
  existing: FieldRef[];
}

const ELEMENTS: ExtrafieldElement[] = ['ticket', 'fichinter', 'contrat'];

/**
 * `ticketbridge setup-erp`: creates the extrafields the bridge needs and brings the label and visibility
 * of existing ones up to date. Lists first, so running it twice changes nothing the second time.
 * Needs an admin API key (Dolibarr restricts /setup/extrafields to admins).
 */
export async function ensureErpExtrafields(
  erp: Pick<DolibarrApi, 'listExtrafields' | 'createExtrafield' | 'updateExtrafield'>,
  features: Readonly<Record<ErpFieldFeature, boolean>>,
): Promise<ErpSetupResult> {
  const result: ErpSetupResult = { created: [], updated: [], existing: [] };
  const wanted = extrafieldsFor(features);
  for (const elementType of ELEMENTS) {
    const present = new Map((await erp.listExtrafields(elementType)).map((e) => [e.attrname, e]));
    for (const { def, createIfMissing } of wanted.filter((w) => w.elementType === elementType)) {
      const ref = { elementType, attrname: def.attrname };
      const current = present.get(def.attrname);
      if (!current) {
        if (!createIfMissing) continue;
        await erp.createExtrafield(elementType, def);
        result.created.push(ref);
      } else if (extrafieldNeedsUpdate(current, def)) {
        await erp.updateExtrafield(elementType, { ...def, type: current.type as NewExtrafield['type'] });
        result.updated.push(ref);
      } else {
        result.existing.push(ref);
      }
    }
  }
  return result;
}
