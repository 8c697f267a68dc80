import type { EngineDeps } from '../shared/deps';
import { requireDevEscalation } from './wiring';

/** How far back the first poll looks: issues changed before the bridge followed them are already known. */
const FIRST_POLL_LOOKBACK_MS = 24 * 3600 * 1000;

/**
 * Lists the development tracker's changes since the cursor and queues a `dev-issue-check` for each issue
 * linked to a helpdesk ticket; the cursor is saved once every check is queued, so a crash repeats a page
 * rather than missing one. Returns how many checks were queued.
 */
export async function pollDevTracker(deps: EngineDeps): Promise<number> {
  const w = requireDevEscalation(deps.devEscalation);
  const cursorName = `poll:dev-tracker:${w.tracker.id}`;
  const cursor = await deps.pollCursors.get(cursorName);
  const page = await w.tracker.listChanges(cursor, new Date(deps.now().getTime() - FIRST_POLL_LOOKBACK_MS));
  let queued = 0;
  for (const issue of page.issues) {
    const key = await w.links.ticketOfIssue(w.tracker.id, issue.id);
    if (!key) continue;
    await deps.scheduler.checkDevIssue(key);
    queued += 1;
  }
  await deps.pollCursors.set(cursorName, page.cursor);
  if (queued) deps.logger.info('development tracker changes queued', { trackerId: w.tracker.id, changed: page.issues.length, queued });
  return queued;
}
