import type { OutboundUpdate } from '../../plugin-sdk';
import type { TicketKey } from '../ports';
import type { EngineDeps } from './deps';
import { helpdeskNoteEchoKey } from './echo-keys';

const NOTE_ECHO_TTL_SECONDS = 7 * 24 * 3600;

export type NewUpdate = Omit<OutboundUpdate, 'ticketId' | 'occurredAt'> & { occurredAt?: Date };

/**
 * Queues an update for the helpdesk. Event ids are derived from the fact they report,
 * so reporting the same fact twice (replay, duplicate webhook) queues it once.
 */
export async function emitUpdate(deps: Pick<EngineDeps, 'outbox' | 'echo' | 'scheduler' | 'adapters' | 'logger' | 'now'>, key: TicketKey, update: NewUpdate): Promise<boolean> {
  const adapter = deps.adapters.get(key.source);
  if (!adapter?.deliver) {
    deps.logger.debug('helpdesk takes no updates; not queued', { source: key.source, type: update.type });
    return false;
  }
  const full: OutboundUpdate = { ...update, ticketId: key.ticketId, occurredAt: update.occurredAt ?? deps.now() };
  const fresh = await deps.outbox.put(key.source, full);
  if (!fresh) return false;
  // The note comes back from the helpdesk as a new article: it must not be mirrored to the ERP.
  if (full.note) await deps.echo.mark(helpdeskNoteEchoKey(key.source, key.ticketId, full.note), NOTE_ECHO_TTL_SECONDS);
  await deps.scheduler.deliverUpdate(key, full.eventId);
  deps.logger.info('update queued for the helpdesk', { source: key.source, ticketId: key.ticketId, type: full.type, eventId: full.eventId });
  return true;
}
