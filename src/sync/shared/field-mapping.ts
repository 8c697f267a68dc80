import type { MappingConfig } from '../../config/schema';
import type { StateCategory, HelpdeskTicket } from '../../plugin-sdk';

export interface MappedFields {
  typeCode: string;
  categoryCode: string;
  severityCode: string;
  status: number;
}

/** Exact key first, then any key equal but for case: admins write keys as the helpdesk shows them, or in lower case. */
function lookup(table: Record<string, string>, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (Object.hasOwn(table, value)) return table[value];
  const lower = value.toLowerCase();
  const key = Object.keys(table).find((k) => k.toLowerCase() === lower);
  return key === undefined ? fallback : table[key];
}

/** Helpdesk type / queue / priority / state → Dolibarr dictionary codes and status, through configuration. */
export function mapTicketFields(ticket: HelpdeskTicket, mapping: MappingConfig): MappedFields {
  return {
    typeCode: lookup(mapping.types, ticket.type, mapping.defaultType),
    categoryCode: lookup(mapping.categories, ticket.queue, mapping.defaultCategory),
    severityCode: lookup(mapping.severities, ticket.priority, mapping.defaultSeverity),
    status: erpStatusFor(ticket.stateCategory, mapping),
  };
}

export function erpStatusFor(category: StateCategory, mapping: MappingConfig): number {
  const status = mapping.statusToErp[category];
  if (status === undefined) throw new Error(`mapping.statusToErp has no status for "${category}"`);
  return status;
}

/**
 * Categories a helpdesk may read back as each other: many have one "waiting" state for both waiting kinds, or
 * one "closed" state for resolved and closed.
 */
const STATE_GROUPS: ReadonlyArray<ReadonlySet<string>> = [new Set(['waiting_customer', 'pending']), new Set(['resolved', 'closed'])];

export function sameStateGroup(a: string, b: string): boolean {
  return a === b || STATE_GROUPS.some((g) => g.has(a) && g.has(b));
}

export function categoryForErpStatus(status: number, mapping: MappingConfig): StateCategory | undefined {
  return mapping.erpStatusToCategory[String(status)];
}

/** Every code the mapping uses, by dictionary, to check against the live Dolibarr at start-up. */
export function mappedCodes(mapping: MappingConfig): Record<'types' | 'categories' | 'severities', Array<{ key: string; code: string }>> {
  const entries = (table: Record<string, string>, prefix: string, def: string, defKey: string) => [
    ...Object.entries(table).map(([k, code]) => ({ key: `mapping.${prefix}.${k}`, code })),
    { key: `mapping.${defKey}`, code: def },
  ];
  return {
    types: entries(mapping.types, 'types', mapping.defaultType, 'defaultType'),
    categories: entries(mapping.categories, 'categories', mapping.defaultCategory, 'defaultCategory'),
    severities: entries(mapping.severities, 'severities', mapping.defaultSeverity, 'defaultSeverity'),
  };
}
