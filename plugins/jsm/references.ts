import { NotFoundError } from '../../src/plugin-sdk';
import type { JsmDeps } from './deps';
import { issueRefSchema, type JiraIssue } from './schemas';
import { richTextToText } from './ticket-mapper';

const MAX_KEYS = 10;

/**
 * Other requests this one names: its issue links, and keys of the project in its summary or description
 * ("suite de SPT-12"), resolved to issue ids. A key that names no issue is no reference.
 */
export async function referencedIssueIds(deps: JsmDeps, issue: JiraIssue): Promise<string[]> {
  const linked = issue.fields.issuelinks.flatMap((l) => [l.inwardIssue, l.outwardIssue].flatMap((i) => (i ? [i] : [])));
  const known = new Set([issue.key, ...linked.map((i) => i.key)]);
  const text = `${issue.fields.summary}\n${richTextToText(issue.fields.description)}`;
  const keys = [...new Set(text.match(new RegExp(`\\b${deps.settings.projectKey}-[1-9]\\d{0,9}\\b`, 'g')) ?? [])]
    .filter((k) => !known.has(k))
    .slice(0, MAX_KEYS);
  const named: string[] = [];
  for (const key of keys) {
    try {
      named.push((await deps.client.get(`/rest/api/3/issue/${key}`, { fields: 'project' }, issueRefSchema)).id);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  return [...new Set([...linked.map((i) => i.id), ...named])].filter((id) => id !== issue.id);
}
