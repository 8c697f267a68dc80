import { parseAnswer, NotFoundError, type ChangePage } from '../../src/plugin-sdk';
import { advance, decodeCursor, encodeCursor, type ZnunyCursor } from './cursor';
import { toZnunyTime } from './dates';
import type { ZnunyDeps } from './fetch-ticket';
import { ticketGetSchema, ticketSearchSchema } from './schemas';

const MAX_LIMIT = 10_000;
const GET_BATCH = 100;

interface Hit {
  id: string;
  number: string;
  changed: string;
  queue: string;
}

/**
 * Incremental poll (Znuny has no paging): search by last change time, inclusive, sorted by
 * Changed then TicketNumber so ties come in a stable order; drop tickets already listed at the
 * cursor's second. When a full page holds nothing new, more tickets share one second than the
 * limit allows, so the limit is raised: there is no offset.
 */
export async function listChanges(deps: ZnunyDeps, raw: string | null, since: Date): Promise<ChangePage> {
  const cursor: ZnunyCursor = raw ? decodeCursor(raw) : { time: toZnunyTime(since, deps.settings.timeZone), idsAtTime: [] };
  const seen = new Set(cursor.idsAtTime);
  for (let limit = deps.settings.pollLimit; ; limit = Math.min(limit * 2, MAX_LIMIT)) {
    const ids = await search(deps, cursor.time, limit);
    // The search matched change_time >= cursor.time. A TicketGet that says older comes from Znuny's
    // ticket cache (the row was changed behind Znuny's back, e.g. in the database); taken as is, it
    // would be listed again on every call while the cursor never moves.
    const hits = (await changeTimes(deps, ids)).map((h) => (h.changed < cursor.time ? { ...h, changed: cursor.time } : h));
    const fresh = hits.filter((h) => !(h.changed === cursor.time && seen.has(h.id)));
    const full = ids.length >= limit;
    if (fresh.length === 0 && full && limit < MAX_LIMIT) continue;
    if (fresh.length === 0 && full)
      deps.log.error('more tickets share one change second than the largest search limit', { time: cursor.time, limit });
    const ticketIds = fresh.filter((h) => !excluded(deps.settings.excludedQueues, h.queue)).map((h) => h.id);
    return { ticketIds, cursor: encodeCursor(advance(cursor, hits)), more: full && fresh.length > 0 };
  }
}

async function search(deps: ZnunyDeps, newerOrEqual: string, limit: number): Promise<string[]> {
  const body = await deps.client.call('TicketSearch', {
    params: { TicketLastChangeTimeNewerDate: newerOrEqual, SortBy: ['Changed', 'TicketNumber'], OrderBy: ['Up', 'Up'], Limit: limit },
  });
  return parseAnswer(ticketSearchSchema, body, 'Znuny TicketSearch answer', { system: deps.helpdeskId, method: 'TicketSearch', path: 'TicketSearch' })
    .TicketID;
}

/** Change times in Znuny's order. TicketGet takes a comma list, but one missing ticket fails the whole list. */
async function changeTimes(deps: ZnunyDeps, ids: string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (let i = 0; i < ids.length; i += GET_BATCH) {
    const batch = ids.slice(i, i + GET_BATCH);
    try {
      hits.push(...(await getMinimal(deps, batch)));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      for (const id of batch) {
        const one = await getMinimal(deps, [id]).catch((e: unknown) => {
          if (!(e instanceof NotFoundError)) throw e;
          deps.log.warn('ticket found by search is no longer readable; skipped', { ticketId: id });
          return [];
        });
        hits.push(...one);
      }
    }
  }
  return hits.sort((a, b) => (a.changed === b.changed ? a.number.localeCompare(b.number) : a.changed < b.changed ? -1 : 1));
}

async function getMinimal(deps: ZnunyDeps, ids: string[]): Promise<Hit[]> {
  const body = await deps.client.call('TicketGet', { path: { TicketID: ids.join(',') } });
  return parseAnswer(ticketGetSchema, body, 'Znuny TicketGet answer', { system: deps.helpdeskId, method: 'TicketGet', path: 'TicketGet' }).Ticket.map(
    (t) => ({
      id: t.TicketID,
      number: t.TicketNumber,
      changed: t.Changed,
      queue: t.Queue,
    }),
  );
}

function excluded(queues: string[], queue: string): boolean {
  return queues.some((q) => queue === q || queue.startsWith(`${q}::`));
}
