import { z } from 'zod';
import type { Extrafields, LinkedObjects } from './types';

/**
 * Converters for Dolibarr's JSON conventions: numbers and ids arrive as strings
 * ("80.00000000"), dates as unix timestamps with "" or null for none, and empty
 * PHP arrays as [] where an object is expected.
 */
const blank = (v: unknown): boolean => v === undefined || v === null || v === '';

function toNumber(v: string | number, ctx: z.RefinementCtx): number {
  const n = typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected a number, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
}

export const num = z.union([z.number(), z.string()]).transform(toNumber);

export const numOrNull = z
  .union([z.number(), z.string(), z.null(), z.undefined()])
  .transform((v, ctx) => (blank(v) ? null : toNumber(v as string | number, ctx)));

export const id = num.refine((n) => Number.isInteger(n), 'expected an integer id');

/** Foreign keys: Dolibarr writes 0 or -1 (and "", null) for "none". */
export const fkOrNull = numOrNull.transform((n) => (n === null || n <= 0 ? null : n));

export const text = z.union([z.string(), z.number()]).transform(String);

export const textOrNull = z.union([z.string(), z.number(), z.null(), z.undefined()]).transform((v) => (blank(v) ? null : String(v)));

export const textOrEmpty = textOrNull.transform((v) => v ?? '');

export const unixDate = z
  .union([z.number(), z.string(), z.null(), z.undefined()])
  .transform((v, ctx) => (blank(v) ? null : new Date(toNumber(v as string | number, ctx) * 1000)));

export const flag = z.union([z.boolean(), z.number(), z.string(), z.null(), z.undefined()]).transform((v) => v === true || v === 1 || v === '1');

const linkTargets = z.union([
  // {"<llx_element_element.rowid>": "<object id>"}: the values are the object ids.
  z.record(z.union([z.string(), z.number()])),
  // PHP turns a map with keys 0..n into a list; the values are still the ids.
  z.array(z.union([z.string(), z.number()])),
]);

/** linkedObjectsIds: {type:{linkRowid:"objectId"}} when links exist, [] or null when none. */
export const linkedObjects = z
  .union([z.null(), z.undefined(), z.array(z.unknown()).max(0), z.record(linkTargets)])
  .transform((v, ctx): LinkedObjects => {
    if (!v || Array.isArray(v)) return {};
    const out: LinkedObjects = {};
    for (const [type, targets] of Object.entries(v)) {
      const ids = Object.values(targets).map((raw) => toNumber(raw, ctx));
      out[type] = [...new Set(ids)].sort((a, b) => a - b);
    }
    return out;
  });

const extrafieldValue = z.union([z.string(), z.number(), z.null(), z.boolean()]).transform((v) => (typeof v === 'boolean' ? Number(v) : v));

/** array_options {"options_helpdesk_id": "HD-1"} → {helpdesk_id: "HD-1"}; [] / null when none. */
export const extrafields = z.union([z.null(), z.undefined(), z.array(z.unknown()).max(0), z.record(extrafieldValue)]).transform((v): Extrafields => {
  if (!v || Array.isArray(v)) return {};
  const out: Extrafields = {};
  for (const [key, value] of Object.entries(v)) out[key.replace(/^options_/, '')] = value;
  return out;
});

/** The reverse, for writes: Dolibarr wants the "options_" prefix. */
export function toArrayOptions(values: Extrafields): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(values)) out[key.startsWith('options_') ? key : `options_${key}`] = value;
  return out;
}

/** POST create answers a bare number; newmessage a numeric string. */
export const createdId = z
  .union([z.number(), z.string()])
  .transform(toNumber)
  .refine((n) => Number.isInteger(n) && n > 0, 'expected the new object id');

/** Action endpoints (validate/close) answer the object itself. */
export const actionResult = z.object({ id });

export const unixSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);
