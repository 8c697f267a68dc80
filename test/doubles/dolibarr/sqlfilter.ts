import { DolibarrHttpError, badRequest } from './errors';

/**
 * Dolibarr's universal search filter `(field:op:value)` joined by and/or, with the quirks recorded on 23.0:
 * a quoted value runs from the first to the last quote (apostrophes inside need no escaping), an unquoted
 * non-numeric value becomes a column name reduced to [a-zA-Z0-9_] (→ 503 unknown column), a value cannot contain
 * parentheses (→ 400), LIKE does not escape % and _, strings compare case-insensitively (utf8mb4_unicode_ci).
 */
export type ColumnType = 'int' | 'str' | 'date';
export interface Column<R> {
  type: ColumnType;
  get(row: R): string | number | null;
}
export type ColumnResolver<R> = (field: string) => Column<R> | undefined;
export type Predicate<R> = (row: R) => boolean;
/** Answers the ids of an `in` sub-select, or undefined when the double cannot run it. */
export type SubselectRunner = (sql: string) => number[] | undefined;

type Scalar = string | number | null;
type Node<R> = { kind: 'bool'; op: 'and' | 'or'; left: Node<R>; right: Node<R> } | { kind: 'leaf'; test: Predicate<R> };

const OPS = ['=', '<', '>', '<=', '>=', '!=', '<>', 'like', 'notlike', 'in', 'notin', 'is', 'isnot'];

export function compileSqlFilter<R>(raw: string, resolve: ColumnResolver<R>, errorPrefix: string, subselect?: SubselectRunner): Predicate<R> {
  const text = raw.trim().startsWith('(') ? raw.trim() : `(${raw.trim()})`;
  const syntax = (): DolibarrHttpError => badRequest(`Error when validating parameter sqlfilters -> Bad syntax of the search string: ${text}`);
  const unknownColumn = (name: string): DolibarrHttpError => new DolibarrHttpError(503, `${errorPrefix} : Unknown column '${name}' in 'WHERE'`);
  let pos = 0;
  const skipWs = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };

  const parseExpr = (): Node<R> => {
    // AND binds tighter than OR, as in the SQL Dolibarr generates.
    let node = parseAnd();
    for (;;) {
      skipWs();
      const m = /^or\b/i.exec(text.slice(pos));
      if (!m) return node;
      pos += m[0].length;
      node = { kind: 'bool', op: 'or', left: node, right: parseAnd() };
    }
  };
  const parseAnd = (): Node<R> => {
    let node = parseTerm();
    for (;;) {
      skipWs();
      const m = /^and\b/i.exec(text.slice(pos));
      if (!m) return node;
      pos += m[0].length;
      node = { kind: 'bool', op: 'and', left: node, right: parseTerm() };
    }
  };
  const parseTerm = (): Node<R> => {
    skipWs();
    if (text[pos] !== '(') throw syntax();
    pos++;
    skipWs();
    if (text[pos] === '(') {
      const inner = parseExpr();
      skipWs();
      if (text[pos] !== ')') throw syntax();
      pos++;
      return inner;
    }
    const end = text.indexOf(')', pos);
    if (end < 0) throw syntax();
    const content = text.slice(pos, end);
    pos = end + 1;
    if (content.includes('(')) throw syntax();
    return { kind: 'leaf', test: criterion(content) };
  };

  const criterion = (content: string): Predicate<R> => {
    const first = content.indexOf(':');
    const second = content.indexOf(':', first + 1);
    if (first < 0 || second < 0) throw syntax();
    const field = content.slice(0, first).trim();
    const op = content
      .slice(first + 1, second)
      .trim()
      .toLowerCase();
    const value = content.slice(second + 1).trim();
    if (!/^[a-zA-Z0-9_.]+$/.test(field) || !OPS.includes(op) || value === '') throw syntax();
    const left = operand<R>(field, resolve, unknownColumn);
    if (op === 'in' || op === 'notin') {
      const list = inList(value, subselect, unknownColumn, syntax);
      return (row) => {
        const v = left.get(row);
        if (v === null) return false;
        const found = list.some((item) => compare(left.type, v, item) === 0);
        return op === 'in' ? found : !found;
      };
    }
    if (op === 'is' || op === 'isnot') {
      if (value.toUpperCase() !== 'NULL') throw syntax();
      return (row) => (left.get(row) === null) === (op === 'is');
    }
    const right = literal(value, unknownColumn, syntax);
    if (op === 'like' || op === 'notlike') {
      const re = likeRegex(String(right));
      return (row) => {
        const v = left.get(row);
        return v !== null && re.test(String(v)) === (op === 'like');
      };
    }
    return (row) => {
      const v = left.get(row);
      if (v === null || right === null) return false;
      const c = compare(left.type, v, right);
      switch (op) {
        case '=':
          return c === 0;
        case '!=':
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '>':
          return c > 0;
        case '<=':
          return c <= 0;
        default:
          return c >= 0;
      }
    };
  };

  const tree = parseExpr();
  skipWs();
  if (pos !== text.length) throw syntax();
  return (row) => evaluate(tree, row);
}

function evaluate<R>(node: Node<R>, row: R): boolean {
  if (node.kind === 'leaf') return node.test(row);
  return node.op === 'and' ? evaluate(node.left, row) && evaluate(node.right, row) : evaluate(node.left, row) || evaluate(node.right, row);
}

function operand<R>(field: string, resolve: ColumnResolver<R>, unknown: (n: string) => Error): Column<R> {
  if (/^-?\d+$/.test(field)) return { type: 'int', get: () => Number(field) };
  const col = resolve(field);
  if (!col) throw unknown(field);
  return col;
}

function literal(value: string, unknown: (n: string) => Error, syntax: () => Error): Scalar {
  if (value.startsWith("'")) {
    if (value.length < 2 || !value.endsWith("'")) throw syntax();
    return value.slice(1, -1);
  }
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value.toUpperCase() === 'NULL') return null;
  throw unknown(value.replace(/[^a-zA-Z0-9_]/g, ''));
}

function inList(value: string, subselect: SubselectRunner | undefined, unknown: (n: string) => Error, syntax: () => Error): Scalar[] {
  if (/^select\s/i.test(value)) {
    const ids = subselect?.(value);
    if (!ids) throw unknown(value.replace(/[^a-zA-Z0-9_]/g, '').slice(0, 40));
    return ids;
  }
  return value.split(',').map((item) => literal(item.trim(), unknown, syntax));
}

function compare(type: ColumnType, left: string | number, right: Scalar): number {
  if (type === 'int') {
    const a = Number(left);
    const b = Number(right);
    return a === b ? 0 : a < b ? -1 : 1;
  }
  const a = String(left).toLowerCase();
  const b = String(right).toLowerCase();
  return a === b ? 0 : a < b ? -1 : 1;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is');
}

/** Dates compare as 'YYYY-MM-DD HH:MM:SS' strings (the double's server time zone is UTC). */
export function sqlDate(ts: number | null): string | null {
  if (ts === null) return null;
  return new Date(ts * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
