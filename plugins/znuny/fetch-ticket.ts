import { parseAnswer, InputError, type FetchResult, type Logger, type TicketSnapshot } from '../../src/plugin-sdk';
import { isClosed, withCloseTimes } from './close-times';
import type { ZnunyClient } from './client';
import { historySchema, ticketGetSchema, type ZnunyHistoryEntry, type ZnunyTicket } from './schemas';
import type { ZnunySettings } from './settings';
import { toSnapshot } from './ticket-mapper';

export interface ZnunyDeps {
  client: ZnunyClient;
  settings: ZnunySettings;
  helpdeskId: string;
  log: Logger;
  now(): Date;
}

/** Numeric ids only: Znuny answers anything else with AccessDenied, which would read as "missing". */
export function checkTicketId(ticketId: string): string {
  if (!/^[1-9][0-9]{0,18}$/.test(ticketId)) throw new InputError('bad Znuny ticket id', [`ticketId: must be a positive integer, got "${ticketId}"`]);
  return ticketId;
}

export async function getTicket(deps: ZnunyDeps, ticketId: string, withArticles: boolean): Promise<ZnunyTicket> {
  const params = withArticles ? { AllArticles: 1, DynamicFields: 1, Attachments: 1, GetAttachmentContents: 0 } : { DynamicFields: 1 };
  const body = await deps.client.call('TicketGet', { path: { TicketID: checkTicketId(ticketId) }, params });
  return parseAnswer(ticketGetSchema, body, 'Znuny TicketGet answer', { system: deps.helpdeskId, method: 'TicketGet', path: 'TicketGet' }).Ticket[0];
}

/**
 * The ticket's full state. A merged ticket has no "merged into" field: the target comes from
 * its history's `Merged` entry (%%srcTN%%srcID%%targetTN%%targetID). A ticket merely set to
 * the state "merged" has no such entry and is reported as found.
 * A missing ticket raises NotFoundError: Znuny answers AccessDenied for both "missing" and
 * "forbidden", so a deletion cannot be told apart.
 */
export async function fetchTicket(deps: ZnunyDeps, ticketId: string): Promise<FetchResult> {
  const ticket = await getTicket(deps, ticketId, true);
  const ctx = { helpdeskId: deps.helpdeskId, settings: deps.settings };
  if (ticket.StateType !== 'merged') return { kind: 'found', snapshot: await withHistoryTimes(deps, toSnapshot(ctx, ticket)) };
  const into = await mergeTarget(deps, ticket.TicketID);
  if (!into) {
    deps.log.warn('ticket is in a merged state but its history has no merge; treating it as a plain state', { ticketId });
    return { kind: 'found', snapshot: toSnapshot(ctx, ticket) };
  }
  return { kind: 'merged', into, snapshot: toSnapshot(ctx, ticket, into) };
}

/** A closed ticket's close and booking times come from its history; an open one has no close time, so no call. */
async function withHistoryTimes(deps: ZnunyDeps, snapshot: TicketSnapshot): Promise<TicketSnapshot> {
  if (!isClosed(snapshot)) return snapshot;
  return withCloseTimes(snapshot, await readHistory(deps, snapshot.ticket.id), deps.settings.timeZone, deps.helpdeskId);
}

async function readHistory(deps: ZnunyDeps, ticketId: string): Promise<ZnunyHistoryEntry[]> {
  const body = await deps.client.call('TicketHistoryGet', { path: { TicketID: ticketId } });
  const history = parseAnswer(historySchema, body, 'Znuny TicketHistoryGet answer', {
    system: deps.helpdeskId,
    method: 'TicketHistoryGet',
    path: 'TicketHistoryGet',
  });
  return history.TicketHistory.flatMap((h) => h.History);
}

async function mergeTarget(deps: ZnunyDeps, ticketId: string): Promise<string | undefined> {
  const merges = (await readHistory(deps, ticketId))
    .filter((e) => e.HistoryType === 'Merged')
    .map((e) => e.Name.split('%%').filter((p, i) => i > 0 || p !== ''))
    .filter((parts) => parts.length >= 4 && parts[1] === ticketId);
  return merges.at(-1)?.[3];
}
