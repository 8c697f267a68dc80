import type { EngineDeps } from '../shared/deps';
import { InputError } from '../../plugin-sdk';

/**
 * Lists a helpdesk's tickets changed since a date and queues each for mirroring.
 * Progress is a cursor saved after every page: an interrupted run resumes where it
 * stopped, and a second run changes nothing because mirroring is state-based.
 */
export async function backfill(
  deps: EngineDeps,
  helpdeskId: string,
  since: Date,
  opts: { restart: boolean },
  onProgress: (queued: number, pages: number) => void = () => undefined,
): Promise<{ queued: number; pages: number; resumed: boolean }> {
  const adapter = deps.adapters.get(helpdeskId);
  if (!adapter) throw new InputError(`unknown helpdesk "${helpdeskId}"`);
  if (!adapter.listChanges) throw new InputError(`helpdesk "${helpdeskId}" cannot list its changes`);
  const cursorName = `backfill:${helpdeskId}:${since.toISOString()}`;
  let cursor = opts.restart ? null : await deps.pollCursors.get(cursorName);
  const resumed = cursor !== null;
  let queued = 0;
  let pages = 0;
  for (;;) {
    const page = await adapter.listChanges(cursor, since);
    pages += 1;
    // A merged or deleted ticket may be named only by an event of the page; queue it too, as the scheduled poll does.
    const ids = new Set(page.ticketIds);
    for (const event of page.events ?? []) if ('ticketId' in event) ids.add(event.ticketId);
    for (const ticketId of ids) {
      await deps.scheduler.mirrorTicket({ helpdeskId: helpdeskId, ticketId });
      queued += 1;
    }
    cursor = page.cursor;
    await deps.pollCursors.set(cursorName, cursor);
    onProgress(queued, pages);
    if (!page.more) break;
  }
  return { queued, pages, resumed };
}
