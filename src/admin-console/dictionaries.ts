import YAML from 'yaml';
import type { Runtime } from '../runtime';
import type { MappingConfig } from '../config/schema';
import { DOLIBARR_TICKET_STATUSES } from '../config/schema';
import type { DolDictionaryEntry } from '../erp/dolibarr/types';
import { checkMappingAgainstErp } from '../sync/operations/check-mapping';
import { mappingAsConfigBlock, mappingOverridesSchema, overlayMapping, type MappingOverrides } from '../sync/mapping-overlay';
import { formatZodIssues } from '../plugin-sdk';
import { SEEN_FIELDS, type SeenField } from '../store/activity-store';

/** Which mapping table translates each helpdesk field, and the Dolibarr dictionary it points into. */
const MAPPED_FIELDS = {
  types: { table: 'types', defaultKey: 'defaultType', dictionary: 'types' },
  queues: { table: 'categories', defaultKey: 'defaultCategory', dictionary: 'categories' },
  priorities: { table: 'severities', defaultKey: 'defaultSeverity', dictionary: 'severities' },
} as const;
type MappedField = keyof typeof MAPPED_FIELDS;
export type MappingTable = (typeof MAPPED_FIELDS)[MappedField]['table'];

interface ValueRow {
  value: string;
  /** The code this value maps to, or undefined when only the default applies. */
  code?: string;
  /** Set from the admin page (else from the configuration file). */
  overridden: boolean;
}

interface HelpdeskDictionaryView {
  helpdeskId: string;
  plugin: string;
  /** "helpdesk" when the plugin listed them, "seen" for values pushed in the last 30 days. */
  origin: 'helpdesk' | 'seen';
  error?: string;
  fields: Array<{ field: SeenField; table?: MappingTable; defaultCode?: string; rows: ValueRow[] }>;
}

export interface DictionariesView {
  helpdesks: HelpdeskDictionaryView[];
  erp: {
    types: DolDictionaryEntry[];
    categories: DolDictionaryEntry[];
    severities: DolDictionaryEntry[];
    statuses: Array<{ code: number; label: string }>;
  };
  effective: MappingConfig;
  overrides: MappingOverrides;
  yaml: string;
}

const DOLIBARR_STATUS_LABELS: Record<number, string> = {
  0: 'Not read',
  1: 'Read',
  2: 'Assigned',
  3: 'In progress',
  5: 'Need more information',
  7: 'Waiting',
  8: 'Closed',
  9: 'Canceled',
};

/** The mapping's own lookup (exact key, else case-insensitive). */
function mappedCode(table: Record<string, string>, value: string): string | undefined {
  if (Object.hasOwn(table, value)) return table[value];
  const key = Object.keys(table).find((k) => k.toLowerCase() === value.toLowerCase());
  return key === undefined ? undefined : table[key];
}

async function helpdeskValues(
  rt: Runtime,
  helpdeskId: string,
): Promise<{ origin: 'helpdesk' | 'seen'; values: Partial<Record<SeenField, string[]>>; error?: string }> {
  const adapter = rt.adapters.get(helpdeskId)!;
  if (adapter.listDictionaries) {
    try {
      return { origin: 'helpdesk', values: await adapter.listDictionaries() };
    } catch (err) {
      const values: Partial<Record<SeenField, string[]>> = {};
      for (const f of SEEN_FIELDS) values[f] = await rt.activity.seenValues(helpdeskId, f, rt.engine.now());
      return {
        origin: 'seen',
        values,
        error: `the helpdesk could not list its values (${err instanceof Error ? err.message : String(err)}); showing values seen in the last 30 days`,
      };
    }
  }
  const values: Partial<Record<SeenField, string[]>> = {};
  for (const f of SEEN_FIELDS) values[f] = await rt.activity.seenValues(helpdeskId, f, rt.engine.now());
  return { origin: 'seen', values };
}

export async function loadDictionaries(rt: Runtime): Promise<DictionariesView> {
  const effective = await rt.mapping.refresh();
  const overrides = await rt.mappingOverrides.load();
  const [types, categories, severities] = await Promise.all([rt.erp.ticketTypes(), rt.erp.ticketCategories(), rt.erp.ticketSeverities()]);
  const helpdesks: HelpdeskDictionaryView[] = [];
  for (const adapter of rt.adapters.values()) {
    const { origin, values, error } = await helpdeskValues(rt, adapter.id);
    const fields = SEEN_FIELDS.filter((f) => values[f] !== undefined).map((field) => {
      const mapped = (MAPPED_FIELDS as Partial<Record<SeenField, (typeof MAPPED_FIELDS)[MappedField]>>)[field];
      const rows = (values[field] ?? []).map((value) => ({
        value,
        code: mapped ? mappedCode(effective[mapped.table], value) : undefined,
        overridden: mapped ? mappedCode(overrides[mapped.table], value) !== undefined : false,
      }));
      return { field, table: mapped?.table, defaultCode: mapped ? effective[mapped.defaultKey] : undefined, rows };
    });
    helpdesks.push({ helpdeskId: adapter.id, plugin: adapter.plugin, origin, error, fields });
  }
  const active = (d: DolDictionaryEntry[]) => d.filter((e) => e.active);
  return {
    helpdesks,
    erp: {
      types: active(types),
      categories: active(categories),
      severities: active(severities),
      statuses: DOLIBARR_TICKET_STATUSES.map((code) => ({ code, label: DOLIBARR_STATUS_LABELS[code] })),
    },
    effective,
    overrides,
    yaml: YAML.stringify(mappingAsConfigBlock(effective)),
  };
}

export type SaveMappingResult = { ok: true } | { ok: false; problems: string[] };

/** What the dictionaries form sends: each shown value with the code picked (empty = no mapping), and the defaults. */
export interface MappingForm {
  rows: Partial<Record<MappingTable, Array<{ value: string; code: string }>>>;
  defaults: Partial<Record<'defaultType' | 'defaultCategory' | 'defaultSeverity', string>>;
}

/** Overrides keep only what differs from the configuration file; values not on the form keep their saved override. */
function overridesFromForm(config: MappingConfig, saved: MappingOverrides, form: MappingForm): Record<string, unknown> {
  const next: Record<string, unknown> = { ...saved };
  for (const table of ['types', 'categories', 'severities'] as const) {
    const entries: Record<string, string> = { ...saved[table] };
    for (const { value, code } of form.rows[table] ?? []) {
      delete entries[value];
      if (code && code !== mappedCode(config[table], value)) entries[value] = code;
    }
    next[table] = entries;
  }
  for (const key of ['defaultType', 'defaultCategory', 'defaultSeverity'] as const) {
    const code = form.defaults[key];
    if (code === undefined) continue;
    if (code && code !== config[key]) next[key] = code;
    else delete next[key];
  }
  return next;
}

/**
 * Validates the overrides (shape, then every code against the live Dolibarr dictionaries) and saves them;
 * every instance reloads its mapping. Nothing is saved when a problem is found.
 */
export async function saveMapping(rt: Runtime, form: MappingForm): Promise<SaveMappingResult> {
  const parsed = mappingOverridesSchema.safeParse(overridesFromForm(rt.config.mapping, await rt.mappingOverrides.load(), form));
  if (!parsed.success) return { ok: false, problems: formatZodIssues(parsed.error) };
  const problems = await checkMappingAgainstErp(overlayMapping(rt.config.mapping, parsed.data), rt.erp);
  if (problems.length) return { ok: false, problems };
  await rt.mappingOverrides.save(parsed.data);
  await rt.mapping.refresh();
  return { ok: true };
}
