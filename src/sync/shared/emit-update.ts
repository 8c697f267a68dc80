import type { OutboundUpdate } from '../../plugin-sdk';
import type { TicketKey } from '../ports';
import type { EngineDeps } from './deps';
import { helpdeskNoteEchoKey } from './echo-keys';
import { keepsNote } from '../rules/note-policy';
import { messageFingerprint } from './text';

const NOTE_ECHO_TTL_SECONDS = 7 * 24 * 3600;

export type NewUpdate = Omit<OutboundUpdate, 'ticketId' | 'occurredAt'> & { occurredAt?: Date };

/**
 * Queues an update for the helpdesk. Event ids are derived from the fact they report,
 * so reporting the same fact twice (replay, duplicate webhook) stores it once; while it is not delivered, reporting it
 * again queues its delivery again (a run stopped between storing and queueing it would otherwise leave it undelivered;
 * delivering is idempotent). Its note is kept only when the note policy (sync.notes) wants one for its type and it
 * says something else than the ticket's last note. True when the update was new.
 */
export async function emitUpdate(
  deps: Pick<EngineDeps, 'outbox' | 'echo' | 'scheduler' | 'adapters' | 'logger' | 'now' | 'sync' | 'lastNotes'>,
  key: TicketKey,
  update: NewUpdate,
): Promise<boolean> {
  const adapter = deps.adapters.get(key.helpdeskId);
  if (!adapter?.deliver) {
    deps.logger.debug('helpdesk takes no updates; not queued', { helpdeskId: key.helpdeskId, type: update.type });
    return false;
  }
  const full: OutboundUpdate = { ...update, ticketId: key.ticketId, occurredAt: update.occurredAt ?? deps.now() };
  if (full.note !== undefined && !(await noteWanted(deps, key, full))) delete full.note;
  const put = await deps.outbox.put(key.helpdeskId, full);
  if (put === 'delivered') return false;
  // A stored update's note is the one the helpdesk will get, whatever this report's note policy now says.
  const note = put === 'stored' ? full.note : (await deps.outbox.get(key.helpdeskId, full.eventId))?.note;
  if (note) await rememberNote(deps, key, note);
  await deps.scheduler.deliverUpdate(key, full.eventId);
  deps.logger.debug('update queued for the helpdesk', {
    helpdeskId: key.helpdeskId,
    ticketId: key.ticketId,
    type: full.type,
    eventId: full.eventId,
    again: put === 'undelivered',
  });
  return put === 'stored';
}

/** The ticket's last note, and the marker that keeps it from being mirrored to the ERP when it comes back as a new article. */
async function rememberNote(deps: Pick<EngineDeps, 'echo' | 'lastNotes'>, key: TicketKey, note: string): Promise<void> {
  await Promise.all([
    deps.echo.mark(helpdeskNoteEchoKey(key.helpdeskId, key.ticketId, note), NOTE_ECHO_TTL_SECONDS),
    deps.lastNotes.set(key, messageFingerprint(note)),
  ]);
}

async function noteWanted(deps: Pick<EngineDeps, 'sync' | 'lastNotes'>, key: TicketKey, update: OutboundUpdate): Promise<boolean> {
  if (!keepsNote(update, deps.sync.notes)) return false;
  const last = await deps.lastNotes.get(key);
  return last !== messageFingerprint(update.note ?? '');
}
