import type { OutboundUpdate } from '../../plugin-sdk';
import type { TicketKey } from '../ports';
import type { EngineDeps } from './deps';
import { helpdeskNoteEchoKey } from './echo-keys';
import { keepsNote } from '../rules/note-policy';
import { messageFingerprint } from './text';

const NOTE_ECHO_TTL_SECONDS = 7 * 24 * 3600;

export type NewUpdate = Omit<OutboundUpdate, 'ticketId' | 'occurredAt'> & { occurredAt?: Date };

type EmitDeps = Pick<EngineDeps, 'outbox' | 'echo' | 'scheduler' | 'adapters' | 'logger' | 'now' | 'sync' | 'lastNotes'>;

/** An update stored in the outbox and not delivered yet, with the note the helpdesk will get. */
interface Stored {
  update: OutboundUpdate;
  put: 'stored' | 'undelivered';
  note?: string;
}

/**
 * Queues an update for the helpdesk. Event ids are derived from the fact they report,
 * so reporting the same fact twice (replay, duplicate webhook) stores it once; while it is not delivered, reporting it
 * again queues its delivery again (a run stopped between storing and queueing it would otherwise leave it undelivered;
 * delivering is idempotent). Its note is kept only when the note policy (sync.notes) wants one for its type and it
 * says something else than the ticket's last note. True when the update was new.
 */
export async function emitUpdate(deps: EmitDeps, key: TicketKey, update: NewUpdate): Promise<boolean> {
  return (await emitUpdates(deps, key, [update])) === 1;
}

/**
 * Several updates of one ticket that say nothing to each other (a new ticket's link and contract), queued in their
 * order: stored together, then queued together, two round trips for the lot instead of two each. Their notes are
 * compared with the ticket's last note as it was before them. Resolves to how many were new.
 */
export async function emitUpdates(deps: EmitDeps, key: TicketKey, updates: readonly NewUpdate[]): Promise<number> {
  const stored = (await Promise.all(updates.map((u) => store(deps, key, u)))).filter((s): s is Stored => s !== undefined);
  for (const { note } of stored) if (note) await rememberNote(deps, key, note);
  // Called in order, each adds to the job's batch before the next: the batch keeps their order.
  await Promise.all(stored.map((s) => queue(deps, key, s)));
  return stored.filter((s) => s.put === 'stored').length;
}

/** Undefined when the helpdesk takes no updates or has the update already. */
async function store(deps: EmitDeps, key: TicketKey, update: NewUpdate): Promise<Stored | undefined> {
  const adapter = deps.adapters.get(key.helpdeskId);
  if (!adapter?.deliver) {
    deps.logger.debug('helpdesk takes no updates; not queued', { helpdeskId: key.helpdeskId, type: update.type });
    return undefined;
  }
  const full: OutboundUpdate = { ...update, ticketId: key.ticketId, occurredAt: update.occurredAt ?? deps.now() };
  if (full.note !== undefined && !(await noteWanted(deps, key, full))) delete full.note;
  const put = await deps.outbox.put(key.helpdeskId, full);
  if (put === 'delivered') return undefined;
  // A stored update's note is the one the helpdesk will get, whatever this report's note policy now says.
  const note = put === 'stored' ? full.note : (await deps.outbox.get(key.helpdeskId, full.eventId))?.note;
  return { update: full, put, ...(note ? { note } : {}) };
}

async function queue(deps: EmitDeps, key: TicketKey, { update, put }: Stored): Promise<void> {
  await deps.scheduler.deliverUpdate(key, update.eventId);
  deps.logger.debug('update queued for the helpdesk', {
    helpdeskId: key.helpdeskId,
    ticketId: key.ticketId,
    type: update.type,
    eventId: update.eventId,
    again: put === 'undelivered',
  });
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
