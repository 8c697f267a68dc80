import { z } from 'zod';
import type { MappingConfig } from '../config/schema';

const code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a Dolibarr dictionary code');
const table = z.record(z.string().min(1).max(255), code);

/** Mapping entries saved from the admin page; they win over the configuration file's. */
export const mappingOverridesSchema = z
  .object({
    types: table.default({}),
    categories: table.default({}),
    severities: table.default({}),
    defaultType: code.optional(),
    defaultCategory: code.optional(),
    defaultSeverity: code.optional(),
  })
  .strict();
export type MappingOverrides = z.infer<typeof mappingOverridesSchema>;

export const NO_OVERRIDES: MappingOverrides = { types: {}, categories: {}, severities: {} };

/** The mapping the engine uses: the configuration with the saved overrides laid over it, entry by entry. */
export function overlayMapping(config: MappingConfig, overrides: MappingOverrides): MappingConfig {
  return {
    ...config,
    types: { ...config.types, ...overrides.types },
    categories: { ...config.categories, ...overrides.categories },
    severities: { ...config.severities, ...overrides.severities },
    defaultType: overrides.defaultType ?? config.defaultType,
    defaultCategory: overrides.defaultCategory ?? config.defaultCategory,
    defaultSeverity: overrides.defaultSeverity ?? config.defaultSeverity,
  };
}

/** The `mapping:` block of a configuration file that gives the same effective mapping. */
export function mappingAsConfigBlock(effective: MappingConfig): { mapping: Partial<MappingConfig> } {
  const { types, defaultType, categories, defaultCategory, severities, defaultSeverity } = effective;
  return { mapping: { types, defaultType, categories, defaultCategory, severities, defaultSeverity } };
}
