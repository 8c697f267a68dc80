import { DateTime } from 'luxon';

/**
 * A JQL date literal: minute resolution, no offset, read by Jira in the time zone of the user running the query.
 * Rounded down, so the literal never starts after the instant.
 */
function jqlDate(at: Date, timeZone: string): string {
  return `"${DateTime.fromJSDate(at, { zone: timeZone }).toFormat('yyyy/MM/dd HH:mm')}"`;
}

/** The poll's query: the service desk's project, the admin's extra filter, updated since a minute, oldest first. */
export function changesQuery(projectKey: string, extra: string, from: Date, timeZone: string): string {
  const filter = extra.trim() ? ` AND (${extra.trim()})` : '';
  return `project = ${projectKey}${filter} AND updated >= ${jqlDate(from, timeZone)} ORDER BY updated ASC, key ASC`;
}

/** The open requests (not in a done status) changed since a moment, in a stable order for paging. */
export function openRequestsQuery(projectKey: string, extra: string, from: Date, timeZone: string): string {
  const filter = extra.trim() ? ` AND (${extra.trim()})` : '';
  return `project = ${projectKey}${filter} AND statusCategory != Done AND updated >= ${jqlDate(from, timeZone)} ORDER BY key ASC`;
}
