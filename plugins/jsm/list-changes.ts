import type { ChangePage } from '../../src/helpdesk/plugin';
import { decodeCursor, encodeCursor, prune, versionKey, type JsmCursor } from './cursor';
import type { JsmDeps } from './deps';
import { changesQuery } from './jql';
import { jiraDate, searchPageSchema } from './schemas';

/**
 * Issues updated since the cursor, by JQL over /rest/api/3/search/jql (the only search left). The query starts
 * `overlapMinutes` before the newest update seen and drops versions already reported, so minute rounding,
 * the user's time zone and search lag neither lose nor repeat a change. One page per call.
 */
export async function listChanges(deps: JsmDeps, rawCursor: string | null, since: Date): Promise<ChangePage> {
  const { settings, client } = deps;
  const cursor: JsmCursor = rawCursor === null ? { hwm: since.toISOString(), seen: [] } : decodeCursor(rawCursor);
  const overlapMs = settings.overlapMinutes * 60_000;
  const from = cursor.page ? new Date(cursor.page.from) : new Date(Date.parse(cursor.hwm) - (rawCursor === null ? 0 : overlapMs));
  const jql = changesQuery(settings.projectKey, settings.jql, from, await deps.timeZone());
  const page = await client.get(
    '/rest/api/3/search/jql',
    { jql, fields: 'updated', maxResults: settings.pageSize, ...(cursor.page ? { nextPageToken: cursor.page.token } : {}) },
    searchPageSchema,
  );
  const seen = new Set(cursor.seen);
  const ticketIds: string[] = [];
  let hwm = new Date(cursor.hwm);
  for (const issue of page.issues) {
    const updated = client.parse('GET', '/rest/api/3/search/jql', issue.fields.updated, jiraDate);
    const key = versionKey(issue.id, updated);
    if (updated > hwm) hwm = updated;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!ticketIds.includes(issue.id)) ticketIds.push(issue.id);
  }
  const more = page.isLast === false && page.nextPageToken !== undefined;
  const next: JsmCursor = { hwm: hwm.toISOString(), seen: prune(seen, hwm, overlapMs) };
  if (more) next.page = { token: page.nextPageToken!, from: from.toISOString() };
  return { ticketIds, cursor: encodeCursor(next), more };
}
