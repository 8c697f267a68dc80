import { NotFoundError, parseAnswer, type HelpdeskDictionaries } from '../../src/plugin-sdk';
import { toZnunyTime } from './dates';
import type { ZnunyDeps } from './fetch-ticket';
import { ticketGetSchema, ticketSearchSchema, type ZnunyTicket } from './schemas';

const WINDOW_MS = 30 * 24 * 3600_000;
const MAX_TICKETS = 500;
const GET_BATCH = 100;

/**
 * The queues, types, priorities and states Znuny's tickets really use: the generic interface has no operation that
 * lists them, so they are read from the tickets changed in the last 30 days (the latest 500), excluded queues left out.
 */
export async function listDictionaries(deps: ZnunyDeps): Promise<HelpdeskDictionaries> {
  const since = toZnunyTime(new Date(deps.now().getTime() - WINDOW_MS), deps.settings.timeZone);
  const body = await deps.client.call('TicketSearch', {
    params: { TicketLastChangeTimeNewerDate: since, SortBy: 'Changed', OrderBy: 'Down', Limit: MAX_TICKETS },
  });
  const ids = parseAnswer(ticketSearchSchema, body, 'Znuny TicketSearch answer', {
    system: deps.helpdeskId,
    method: 'TicketSearch',
    path: 'TicketSearch',
  }).TicketID;
  const tickets: ZnunyTicket[] = [];
  for (let i = 0; i < ids.length; i += GET_BATCH) tickets.push(...(await readable(deps, ids.slice(i, i + GET_BATCH))));
  const kept = tickets.filter((t) => !deps.settings.excludedQueues.some((q) => t.Queue === q || t.Queue.startsWith(`${q}::`)));
  const distinct = (pick: (t: ZnunyTicket) => string | undefined) =>
    [...new Set(kept.map(pick).filter((v): v is string => Boolean(v)))].sort((a, b) => a.localeCompare(b));
  return {
    queues: distinct((t) => t.Queue),
    types: distinct((t) => t.Type),
    priorities: distinct((t) => t.Priority),
    states: distinct((t) => t.State),
  };
}

/** TicketGet takes a comma list, but one ticket gone since the search fails the whole list: then one by one. */
async function readable(deps: ZnunyDeps, ids: string[]): Promise<ZnunyTicket[]> {
  const get = async (batch: string[]) =>
    parseAnswer(ticketGetSchema, await deps.client.call('TicketGet', { path: { TicketID: batch.join(',') } }), 'Znuny TicketGet answer', {
      system: deps.helpdeskId,
      method: 'TicketGet',
      path: 'TicketGet',
    }).Ticket;
  try {
    return await get(ids);
  } catch (err) {
    if (!(err instanceof NotFoundError) || ids.length === 1) throw err;
    const out: ZnunyTicket[] = [];
    for (const id of ids) out.push(...(await get([id]).catch((e: unknown) => (e instanceof NotFoundError ? [] : Promise.reject(e)))));
    return out;
  }
}

/** The ticket's page in Znuny's agent interface, next to the generic interface's address. */
export function znunyTicketUrl(baseUrl: string, ticketId: string): string {
  const root = baseUrl.replace(/\/nph-genericinterface\.pl\/.*$/, '');
  return `${root}/index.pl?Action=AgentTicketZoom;TicketID=${encodeURIComponent(ticketId)}`;
}
