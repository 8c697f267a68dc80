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
 * so reporting the same fact twice (replay, duplicate webhook) queues it once. Its note is kept only when
 * the note policy (sync.notes) wants one for its type and it says something else than the ticket's last note.
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
  const fresh = await deps.outbox.put(key.helpdeskId, full);
  if (!fresh) return false;
  if (full.note) await deps.lastNotes.set(key, messageFingerprint(full.note));
  // The note comes back from the helpdesk as a new article: it must not be mirrored to the ERP.
  if (full.note) await deps.echo.mark(helpdeskNoteEchoKey(key.helpdeskId, key.ticketId, full.note), NOTE_ECHO_TTL_SECONDS);
  await deps.scheduler.deliverUpdate(key, full.eventId);
  deps.logger.debug('update queued for the helpdesk', { helpdeskId: key.helpdeskId, ticketId: key.ticketId, type: full.type, eventId: full.eventId });
  return true;
}

async function noteWanted(deps: Pick<EngineDeps, 'sync' | 'lastNotes'>, key: TicketKey, update: OutboundUpdate): Promise<boolean> {
  if (!keepsNote(update, deps.sync.notes)) return false;
  const last = await deps.lastNotes.get(key);
  return last !== messageFingerprint(update.note ?? '');
}
