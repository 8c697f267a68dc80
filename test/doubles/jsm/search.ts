import { DateTime } from 'luxon';
import type { Issue } from './store';

const QUERY = /^project = ([A-Z][A-Z0-9_]*) AND updated >= "(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2})" ORDER BY updated ASC, key ASC$/;

/**
 * The one JQL shape the bridge sends, read as Jira reads it: the date literal in the API user's zone, to the
 * minute. Anything else is a 400 as for a JQL Jira cannot parse.
 */
export function search(issues: Iterable<Issue>, jql: string, zone: string): Issue[] | { error: string } {
  const m = QUERY.exec(jql);
  if (!m) return { error: `Error in the JQL Query: the double only reads 'project = KEY AND updated >= "yyyy/MM/dd HH:mm" ORDER BY updated ASC, key ASC', got: ${jql}` };
  const from = DateTime.fromFormat(m[2]!, 'yyyy/MM/dd HH:mm', { zone });
  if (!from.isValid) return { error: `Date value '${m[2]}' for field 'updated' is invalid.` };
  const number = (key: string) => Number(key.split('-')[1]);
  return [...issues]
    .filter((i) => i.project === m[1] && i.updated.getTime() >= from.toMillis())
    .sort((a, b) => a.updated.getTime() - b.updated.getTime() || number(a.key) - number(b.key));
}
