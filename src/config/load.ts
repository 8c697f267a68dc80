import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { configSchema, type AppConfig } from './schema';
import { formatZodIssues } from '../plugin-sdk';
import { projectRoot } from '../util/project-root';

export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

type Env = Record<string, string | undefined>;
type Tree = Record<string, unknown>;

const SECRET_KEYS = /^(apikey|api_key|token|secret|secrets|password|sentinelpassword|webhooksecret)$/i;

function readYaml(file: string, label: string): Tree {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${label}: cannot read ${file}: ${(err as Error).message}`]);
  }
  try {
    const parsed: unknown = YAML.parse(text) ?? {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('top level must be a mapping');
    return parsed as Tree;
  } catch (err) {
    throw new ConfigError([`${label}: ${file} is not valid YAML: ${(err as Error).message}`]);
  }
}

/** Secrets belong in the environment; a file that carries one is refused so it is not committed by accident. */
function findSecretKeys(tree: unknown, at: string[] = []): string[] {
  if (!tree || typeof tree !== 'object' || Array.isArray(tree)) return [];
  return Object.entries(tree as Tree).flatMap(([k, v]) => (SECRET_KEYS.test(k) ? [[...at, k].join('.')] : findSecretKeys(v, [...at, k])));
}

function isPlainObject(v: unknown): v is Tree {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Tree, v) : v;
  }
  return out;
}

function setPath(tree: Tree, keys: string[], value: unknown): void {
  let node = tree;
  for (const k of keys.slice(0, -1)) {
    if (!isPlainObject(node[k])) node[k] = {};
    node = node[k] as Tree;
  }
  node[keys[keys.length - 1]] = value;
}

function parseEnvValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Environment overrides: a few well-known names, and TB__section__key=value for any other key. */
function envOverrides(env: Env, tree: Tree): Tree {
  const out: Tree = {};
  const known: Array<[string, string[], boolean]> = [
    ['DOLIBARR_URL', ['dolibarr', 'url'], false],
    ['REDIS_URL', ['redis', 'url'], false],
    ['REDIS_PASSWORD', ['redis', 'password'], false],
    ['REDIS_SENTINEL_PASSWORD', ['redis', 'sentinelPassword'], false],
    ['PORT', ['server', 'port'], true],
    ['LOG_LEVEL', ['log', 'level'], false],
    ['DOLIBARR_API_KEY', ['dolibarr', 'apiKey'], false],
    ['ADMIN_TOKEN', ['admin', 'token'], false],
    ['DOLIBARR_WEBHOOK_TOKEN', ['dolibarrWebhook', 'token'], false],
    ['FILE_LINK_SECRET', ['sync', 'attachments', 'links', 'secret'], false],
  ];
  for (const [name, keys, numeric] of known) {
    const v = env[name];
    if (v !== undefined && v !== '') setPath(out, keys, numeric ? Number(v) : v);
  }
  for (const [name, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (name.startsWith('TB__')) {
      const keys = name.slice(4).split('__').filter(Boolean);
      if (keys.length && !SECRET_KEYS.test(keys[keys.length - 1])) setPath(out, keys, parseEnvValue(v));
    }
  }
  // Plugin secrets: TB_HELPDESK_<ID>_<NAME> and TB_DEVTRACKER_<ID>_<NAME>, id with dashes written as underscores.
  for (const [section, word] of [
    ['helpdesks', 'HELPDESK'],
    ['devTrackers', 'DEVTRACKER'],
  ] as const) {
    const ids = isPlainObject(tree[section]) ? Object.keys(tree[section]) : [];
    for (const id of ids) {
      const prefix = `TB_${word}_${id.toUpperCase().replace(/-/g, '_')}_`;
      for (const [name, v] of Object.entries(env)) {
        if (v !== undefined && v !== '' && name.startsWith(prefix)) {
          const secretName = name.slice(prefix.length).toLowerCase();
          setPath(out, [section, id, 'secrets', secretName], v);
        }
      }
    }
  }
  return out;
}

export interface LoadOptions {
  env?: Env;
  /** Directory holding default.yaml; defaults to the project's config/. */
  configDir?: string;
}

export function loadConfig(opts: LoadOptions = {}): AppConfig {
  const env = opts.env ?? process.env;
  const dir = opts.configDir ?? path.join(projectRoot(), 'config');
  const issues: string[] = [];
  let tree = readYaml(path.join(dir, 'default.yaml'), 'config/default.yaml');
  issues.push(...findSecretKeys(tree).map((k) => `${k}: secrets must come from the environment, not from config/default.yaml`));
  const extra = env.TICKETBRIDGE_CONFIG;
  if (extra) {
    const file = readYaml(path.resolve(extra), 'TICKETBRIDGE_CONFIG');
    issues.push(...findSecretKeys(file).map((k) => `${k}: secrets must come from the environment, not from ${extra}`));
    tree = deepMerge(tree, file);
  }
  tree = deepMerge(tree, envOverrides(env, tree));
  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) issues.push(...formatZodIssues(parsed.error));
  if (issues.length || !parsed.success) throw new ConfigError(issues);
  return parsed.data;
}
