import { DateTime } from 'luxon';
import type { Issue } from './store';

type Clause = (i: Issue) => boolean;

/**
 * The JQL the bridge sends, read as Jira reads it: `project = KEY`, `statusCategory != Done`, `updated >= "<literal>"`
 * (in the API user's zone, to the minute), joined by AND, ordered by `updated ASC, key ASC` or `key ASC`.
 * Anything else is a 400, as for a query Jira cannot parse.
 */
export function search(issues: Iterable<Issue>, jql: string, zone: string): Issue[] | { error: string } {
  const m = /^(.*) ORDER BY (updated ASC, key ASC|key ASC)$/.exec(jql);
  if (!m) return { error: `Error in the JQL Query: the double needs ORDER BY "updated ASC, key ASC" or "key ASC": ${jql}` };
  const clauses: Clause[] = [];
  for (const part of m[1]!.split(' AND ')) {
    const clause = parseClause(part, zone);
    if (typeof clause === 'string') return { error: clause };
    clauses.push(clause);
  }
  const number = (key: string) => Number(key.split('-')[1]);
  const byKey = (a: Issue, b: Issue) => number(a.key) - number(b.key);
  return [...issues]
    .filter((i) => clauses.every((c) => c(i)))
    .sort(m[2] === 'key ASC' ? byKey : (a, b) => a.updated.getTime() - b.updated.getTime() || byKey(a, b));
}

function parseClause(part: string, zone: string): Clause | string {
  const project = /^project = ([A-Z][A-Z0-9_]*)$/.exec(part);
  if (project) return (i) => i.project === project[1];
  if (part === 'statusCategory != Done') return (i) => i.status.category !== 'done';
  const updated = /^updated >= "(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2})"$/.exec(part);
  if (updated) {
    const from = DateTime.fromFormat(updated[1]!, 'yyyy/MM/dd HH:mm', { zone });
    if (!from.isValid) return `Date value '${updated[1]}' for field 'updated' is invalid.`;
    return (i) => i.updated.getTime() >= from.toMillis();
  }
  return `Error in the JQL Query: the double does not read '${part}'.`;
}
