import type { MappingConfig } from '../../config/schema';
import type { DolibarrApi } from '../../erp/dolibarr/api';
import { mappedCodes } from '../shared/field-mapping';

/** Names each configured code that the live Dolibarr dictionaries do not have: "mapping.types.incident: unknown ticket type code ISSUEX". */
export async function checkMappingAgainstErp(
  mapping: MappingConfig,
  erp: Pick<DolibarrApi, 'ticketTypes' | 'ticketCategories' | 'ticketSeverities'>,
): Promise<string[]> {
  const [types, categories, severities] = await Promise.all([erp.ticketTypes(), erp.ticketCategories(), erp.ticketSeverities()]);
  const known = {
    types: new Set(types.map((e) => e.code)),
    categories: new Set(categories.map((e) => e.code)),
    severities: new Set(severities.map((e) => e.code)),
  };
  const label = { types: 'ticket type', categories: 'ticket category', severities: 'ticket severity' } as const;
  const codes = mappedCodes(mapping);
  const problems: string[] = [];
  for (const dict of ['types', 'categories', 'severities'] as const) {
    for (const { key, code } of codes[dict]) {
      if (!known[dict].has(code)) problems.push(`${key}: unknown ${label[dict]} code ${code} (Dolibarr has ${[...known[dict]].join(', ')})`);
    }
  }
  return problems;
}
