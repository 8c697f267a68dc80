import type { ChangePage } from '../../src/plugin-sdk';
import { decodeCursor, encodeCursor, prune, versionKey, type JsmCursor } from './cursor';
import type { JsmDeps } from './deps';
import { changesQuery, openRequestsQuery } from './jql';
import { jiraDate, searchPageSchema } from './schemas';

const SEARCH = '/rest/api/3/search/jql';

/**
 * Issues updated since the cursor, by JQL over /rest/api/3/search/jql (the only search left). The query starts
 * `overlapMinutes` before the newest update seen and drops versions already reported, so minute rounding,
 * the user's time zone and search lag neither lose nor repeat a change. One page per call; when the SLA
 * refresh is due, the open requests are listed first (their SLA moves with time, without any event).
 */
export async function listChanges(deps: JsmDeps, rawCursor: string | null, since: Date): Promise<ChangePage> {
  const cursor: JsmCursor = rawCursor === null ? firstCursor(deps, since) : decodeCursor(rawCursor);
  if (!cursor.page && cursor.sweep && Date.parse(cursor.sweep.due) <= deps.now().getTime()) return sweepPage(deps, cursor);
  const { settings, client } = deps;
  const overlapMs = settings.overlapMinutes * 60_000;
  const from = cursor.page ? new Date(cursor.page.from) : new Date(Date.parse(cursor.hwm) - (rawCursor === null ? 0 : overlapMs));
  const jql = changesQuery(settings.projectKey, settings.jql, from, await deps.timeZone());
  const page = await client.get(
    SEARCH,
    { jql, fields: 'updated', maxResults: settings.pageSize, ...(cursor.page ? { nextPageToken: cursor.page.token } : {}) },
    searchPageSchema,
  );
  const seen = new Set(cursor.seen);
  const ticketIds: string[] = [];
  let hwm = new Date(cursor.hwm);
  for (const issue of page.issues) {
    const updated = client.parse('GET', SEARCH, issue.fields.updated, jiraDate);
    const key = versionKey(issue.id, updated);
    if (updated > hwm) hwm = updated;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!ticketIds.includes(issue.id)) ticketIds.push(issue.id);
  }
  const more = page.isLast === false && page.nextPageToken !== undefined;
  const next: JsmCursor = {
    ...cursor,
    hwm: hwm.toISOString(),
    seen: prune(seen, hwm, overlapMs),
    page: more ? { token: page.nextPageToken!, from: from.toISOString() } : undefined,
  };
  return { ticketIds, cursor: encodeCursor(next), more };
}

function firstCursor(deps: JsmDeps, since: Date): JsmCursor {
  const every = deps.settings.slaRefreshSeconds;
  return {
    hwm: since.toISOString(),
    seen: [],
    origin: since.toISOString(),
    sweep: every ? { due: new Date(deps.now().getTime() + every * 1000).toISOString() } : undefined,
  };
}

/**
 * One page of the open requests changed since polling began (so a refresh never imports older requests).
 * Says `more` even on its last page: the changes query runs on the next call.
 */
async function sweepPage(deps: JsmDeps, cursor: JsmCursor): Promise<ChangePage> {
  const { settings, client } = deps;
  const sweep = cursor.sweep!;
  const jql = openRequestsQuery(settings.projectKey, settings.jql, new Date(cursor.origin ?? cursor.hwm), await deps.timeZone());
  const page = await client.get(
    SEARCH,
    { jql, fields: 'updated', maxResults: settings.pageSize, ...(sweep.token ? { nextPageToken: sweep.token } : {}) },
    searchPageSchema,
  );
  const more = page.isLast === false && page.nextPageToken !== undefined;
  const due = new Date(deps.now().getTime() + settings.slaRefreshSeconds * 1000).toISOString();
  const next: JsmCursor = {
    ...cursor,
    sweep: more ? { due: sweep.due, token: page.nextPageToken } : settings.slaRefreshSeconds ? { due } : undefined,
  };
  return { ticketIds: [...new Set(page.issues.map((i) => i.id))], cursor: encodeCursor(next), more: true };
}
