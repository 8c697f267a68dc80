import { DolibarrHttpError, notFound } from './errors';
import { compileSqlFilter, type Column, type ColumnResolver, type ColumnType, type SubselectRunner } from './sqlfilter';
import type { DoubleState, Extra } from './state';

type Scalar = string | number | null;
export type ColumnTable<R> = Record<string, [ColumnType, (row: R) => Scalar]>;

/** Column resolver over `t.`-prefixed columns and, when the object has extrafields, `ef.<attr>`. */
export function columnsOf<R>(
  table: ColumnTable<R>,
  extrafields?: { state: DoubleState; elementtype: string; get: (row: R) => Extra },
): ColumnResolver<R> {
  return (field) => {
    const entry = table[field];
    if (entry) return { type: entry[0], get: entry[1] } as Column<R>;
    const ef = /^ef\.([a-zA-Z0-9_]+)$/.exec(field);
    if (ef && extrafields?.state.extrafields.some((d) => d.elementtype === extrafields.elementtype && d.attrname === ef[1])) {
      return { type: 'str', get: (row: R) => extrafields.get(row)[`options_${ef[1]}`] ?? null };
    }
    return undefined;
  };
}

export interface ListSpec<R> {
  rows: R[];
  columns: ColumnResolver<R>;
  /** Start of the 503 message, e.g. "Error when retrieve ticket list". */
  errorPrefix: string;
  serialize: (row: R) => Record<string, unknown>;
  /** Endpoint filters (socid, thirdparty_ids...) already decided by the router. */
  keep?: (row: R) => boolean;
  /** Third parties answer 404 with this text instead of []. */
  emptyNotFound?: string;
  subselect?: SubselectRunner;
  /** Default sortfield when the table's key is not t.rowid (agenda events: t.id). */
  defaultSort?: string;
}

/** Raised for `limit=0&pagination_data=true`, which crashes PHP with an empty 500 body. */
export class EmptyServerError extends Error {}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function runList<R>(query: Record<string, unknown>, spec: ListSpec<R>): unknown {
  let rows = spec.rows.filter((r) => spec.keep?.(r) ?? true);
  const filters = str(query.sqlfilters);
  if (filters) {
    const predicate = compileSqlFilter(filters, spec.columns, spec.errorPrefix, spec.subselect);
    rows = rows.filter(predicate);
  }
  rows = sortRows(rows, str(query.sortfield) ?? spec.defaultSort ?? 't.rowid', str(query.sortorder) ?? 'ASC', spec);
  const rawLimit = str(query.limit);
  const limit = rawLimit === undefined ? 100 : Number(rawLimit) < 0 ? 20 : Number(rawLimit) || 0;
  const page = Math.max(0, Number(str(query.page) ?? 0) || 0);
  const withPagination = str(query.pagination_data) === 'true';
  if (withPagination && limit === 0) throw new EmptyServerError();
  const pageRows = limit === 0 ? rows : rows.slice(page * limit, page * limit + limit);
  if (pageRows.length === 0 && spec.emptyNotFound) throw notFound(spec.emptyNotFound);
  const props = str(query.properties)
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const data = pageRows.map((r) => pick(spec.serialize(r), props));
  if (!withPagination) return data;
  return { data, pagination: { total: rows.length, page, page_count: Math.ceil(rows.length / limit), limit } };
}

function sortRows<R>(rows: R[], sortfield: string, sortorder: string, spec: ListSpec<R>): R[] {
  const cols = sortfield.split(',').map((f) => f.trim());
  const resolved = cols.map((f) => (/^[0-9a-z_.]+$/.test(f) ? spec.columns(f) : undefined));
  if (resolved.some((c) => !c)) throw new DolibarrHttpError(503, spec.errorPrefix);
  const dir = sortorder.toUpperCase() === 'DESC' ? -1 : 1;
  return [...rows].sort((a, b) => {
    for (const col of resolved as Column<R>[]) {
      const x = col.get(a);
      const y = col.get(b);
      if (x === y) continue;
      if (x === null) return -dir;
      if (y === null) return dir;
      const c = col.type === 'int' ? Number(x) - Number(y) : String(x).localeCompare(String(y));
      if (c !== 0) return c * dir;
    }
    return 0;
  });
}

function pick(obj: Record<string, unknown>, props?: string[]): Record<string, unknown> {
  if (!props?.length) return obj;
  return Object.fromEntries(Object.entries(obj).filter(([k]) => props.includes(k)));
}

/** `thirdparty_ids=1,2` → predicate on the row's third party. */
export function thirdpartyFilter<R>(query: Record<string, unknown>, socid: (row: R) => number | null): ((row: R) => boolean) | undefined {
  const ids = str(query.thirdparty_ids);
  if (!ids) return undefined;
  const wanted = ids.split(',').map(Number);
  return (row) => wanted.includes(socid(row) ?? -1);
}
