/**
 * The few SQL criteria the double understands in /search/ paths: `col='text'` (inner quotes doubled),
 * `col=123` and `col in ('a','b')`. Values compare case-insensitively, as the recorded collation does.
 * Anything else is an SQL error, which ProjeQtor swallows into an empty list (recorded).
 */
export type Criterion = { column: string; values: string[] };

const QUOTED = `'((?:[^']|'')*)'`;
const EQUALS = new RegExp(`^\\s*([A-Za-z][A-Za-z0-9]*)\\s*=\\s*(?:${QUOTED}|(\\d+))\\s*$`);
const IN_LIST = /^\s*([A-Za-z][A-Za-z0-9]*)\s+in\s*\((.*)\)\s*$/i;

function unquote(text: string): string {
  return text.replace(/''/g, "'");
}

export function parseCriterion(text: string): Criterion | undefined {
  const eq = EQUALS.exec(text);
  if (eq) return { column: eq[1]!, values: [eq[2] !== undefined ? unquote(eq[2]) : eq[3]!] };
  const list = IN_LIST.exec(text);
  if (!list) return undefined;
  const values: string[] = [];
  const item = new RegExp(`\\s*${QUOTED}\\s*(,|$)`, 'y');
  let m: RegExpExecArray | null;
  while (item.lastIndex < list[2]!.length && (m = item.exec(list[2]!))) values.push(unquote(m[1]!));
  return values.length ? { column: list[1]!, values } : undefined;
}

export function matches(row: Record<string, string>, criteria: Criterion[]): boolean {
  return criteria.every((c) => c.values.some((v) => (row[c.column] ?? '').toLowerCase() === v.toLowerCase()));
}
