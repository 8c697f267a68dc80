import { InvalidRequestError } from '../../plugin-sdk';
import { SYSTEM } from './error-mapping';
import { RefusedValueError } from './firewall';

/**
 * The one place that turns values into a Dolibarr `sqlfilters` string.
 *
 * Facts it relies on (23.0): a quoted value is taken greedily between the first and the
 * last quote and then SQL-escaped, so apostrophes inside need no escaping; a value
 * cannot contain "(" or ")" (syntax error, and a way to smuggle extra conditions), so
 * such values are refused before any call; unquoted strings are mangled, so strings
 * are always quoted; LIKE does not escape "%" and "_", so user text in a LIKE has those
 * replaced by the single-character wildcard and callers re-check matches client-side.
 */
type ComparisonOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

type LikeMatch =
  | { startsWith: string }
  | { endsWith: string }
  | { contains: string }
  /** Digits in this order at the end, any separators between them (phones stored as typed). */
  | { digitsEndWith: string };

export type Condition =
  | { field: string; op: ComparisonOp; value: string | number | Date }
  | { field: string; op: 'in' | 'notin'; value: readonly number[] }
  | { field: string; op: 'like' | 'notlike'; value: LikeMatch }
  | { field: string; op: 'is' | 'isnot'; value: null };

const FIELD = /^[a-zA-Z0-9_.]+$/;
const FORBIDDEN_IN_VALUE = /[()]/;
// Control characters have no place in a search value and could confuse the parser.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function buildSqlFilters(conditions: readonly Condition[], endpoint: string): string | undefined {
  if (conditions.length === 0) return undefined;
  return conditions.map((c) => `(${field(c.field, endpoint)}:${c.op}:${value(c, endpoint)})`).join(' and ');
}

/** True when the text can be used as a quoted sqlfilters value. */
export function isFilterSafe(text: string): boolean {
  return !FORBIDDEN_IN_VALUE.test(text) && !CONTROL.test(text);
}

/** A value as Dolibarr compares `tms`/`datec` columns: 'YYYY-MM-DD HH:MM:SS', in UTC (see README note). */
export function formatSqlDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function field(name: string, endpoint: string): string {
  if (!FIELD.test(name)) throw refused(endpoint, `field name ${JSON.stringify(name)} may only contain letters, digits, "_" and "."`);
  return name;
}

function value(c: Condition, endpoint: string): string {
  switch (c.op) {
    case 'in':
    case 'notin':
      if (c.value.length === 0 || !c.value.every((n) => Number.isInteger(n))) {
        throw refused(endpoint, `"${c.op}" on ${c.field} needs a non-empty list of integers`);
      }
      return c.value.join(',');
    case 'like':
    case 'notlike':
      return quoted(likePattern(c.value, c.field, endpoint), c.field, endpoint);
    case 'is':
    case 'isnot':
      return 'NULL';
    default:
      if (typeof c.value === 'number') {
        if (!Number.isFinite(c.value)) throw refused(endpoint, `value for ${c.field} must be a finite number`);
        return String(c.value);
      }
      if (c.value instanceof Date) return quoted(formatSqlDate(c.value), c.field, endpoint);
      return quoted(c.value, c.field, endpoint);
  }
}

function likePattern(match: LikeMatch, fieldName: string, endpoint: string): string {
  if ('digitsEndWith' in match) {
    if (!/^\d+$/.test(match.digitsEndWith)) throw refused(endpoint, `digit pattern for ${fieldName} may only contain digits`);
    return `%${match.digitsEndWith.split('').join('%')}`;
  }
  if ('startsWith' in match) return `${literal(match.startsWith)}%`;
  if ('endsWith' in match) return `%${literal(match.endsWith)}`;
  return `%${literal(match.contains)}%`;
}

/** "%" and "_" typed by a user become "_" (any one character): never wider than the literal, re-checked by the caller. */
function literal(text: string): string {
  return text.replace(/[%_]/g, '_');
}

function quoted(text: string, fieldName: string, endpoint: string): string {
  // A value, not the bridge's code, is at fault: callers may search another way or answer "not found".
  if (FORBIDDEN_IN_VALUE.test(text)) {
    throw new RefusedValueError(`sqlfilters: value for ${fieldName} contains "(" or ")", which Dolibarr's sqlfilters cannot express`, {
      method: 'GET',
      path: endpoint,
    });
  }
  if (CONTROL.test(text))
    throw new RefusedValueError(`sqlfilters: value for ${fieldName} contains control characters`, { method: 'GET', path: endpoint });
  return `'${text}'`;
}

function refused(endpoint: string, why: string): InvalidRequestError {
  return new InvalidRequestError(`Refused to build a Dolibarr filter: ${why}`, { system: SYSTEM, method: 'GET', path: endpoint });
}
