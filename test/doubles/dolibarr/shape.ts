import restBodies from './templates/rest-bodies.json';
import webhookObjects from './templates/webhook-objects.json';
import type { DoubleState, ObjectLink } from './state';
import { linksOf } from './state';

/**
 * Bodies are the recorded Dolibarr objects (templates/*.json, recorded on Dolibarr 23; see docs/recorded-facts.md) with the
 * modelled fields overwritten. A value takes the JSON type the recording has for that key (ids as strings in GET,
 * ints in action responses...), so the double cannot drift from the recorded types by accident.
 */
export type Body = Record<string, unknown>;
export type RestTemplate = keyof typeof restBodies;
export type HookTemplate = keyof typeof webhookObjects;

function castLike(template: unknown, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return value ?? null;
  if (typeof template === 'string' && typeof value === 'number') return String(value);
  if (typeof template === 'number' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** Only keys the recording has are set, so a body never grows keys Dolibarr does not send. */
function fill(template: Body, values: Body): Body {
  const out: Body = { ...template };
  for (const [k, v] of Object.entries(values)) if (k in template) out[k] = castLike(template[k], v);
  return out;
}

export const rest = (name: RestTemplate, values: Body): Body => fill(restBodies[name] as Body, values);
export const hookObject = (name: HookTemplate, values: Body): Body => fill(webhookObjects[name] as Body, values);

export const money = (n: number): string => n.toFixed(8);
export const rate = (n: number): string => n.toFixed(4);
export const idStr = (n: number | null | undefined): string | null => (n === null || n === undefined ? null : String(n));
/** Empty dates are "" in Dolibarr's GET bodies. */
export const dateOrEmpty = (ts: number | null): number | string => ts ?? '';

/** `{"ticket":{"<link rowid>":"<id>"}}`, or `[]` when the object has no links (PHP empty array). */
export function linkedObjectsIds(state: DoubleState, element: string, id: number): Record<string, Record<string, string>> | [] {
  const links: ObjectLink[] = linksOf(state, element, id);
  if (links.length === 0) return [];
  const out: Record<string, Record<string, string>> = {};
  for (const l of links) {
    const [type, other] = l.targettype === element && l.fk_target === id ? [l.sourcetype, l.fk_source] : [l.targettype, l.fk_target];
    (out[type] ??= {})[String(l.id)] = String(other);
  }
  return out;
}

/** Extrafield values keyed options_<attr>, with every defined attribute present (null when unset). */
export function arrayOptions(state: DoubleState, elementtype: string, values: Record<string, unknown>): Body | [] {
  const out: Body = {};
  for (const d of state.extrafields.filter((x) => x.elementtype === elementtype)) out[`options_${d.attrname}`] = null;
  Object.assign(out, values);
  return Object.keys(out).length ? out : [];
}
