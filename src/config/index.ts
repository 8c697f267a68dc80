export * from './schema';
export * from './load';
export * from './mask';
export type { RulesConfig } from './rules-schema';
