import type { TicketKey } from '../ports';
import type { EngineDeps } from '../shared/deps';
import { InputError, type DeliveryResult, type OutboundFile, type OutboundUpdate } from '../../plugin-sdk';

type Delivery = 'delivered' | 'already-delivered' | 'not-supported';

/**
 * Writes a ticket's stored updates to its helpdesk in order, stopping at the first that fails; the plugin is idempotent
 * on the event id, and so is this. All are read at once (one round trip; the job holds the ticket's lock): nearly
 * every one is still to deliver, so its text is needed anyway. A plugin that writes several updates in one call
 * (`deliverMany`) gets the undelivered ones together, up to the first no longer stored.
 */
export async function deliverUpdates(key: TicketKey, eventIds: readonly string[], deps: EngineDeps): Promise<Delivery[]> {
  const stored = await Promise.all(eventIds.map((id) => deps.outbox.stored(key, id)));
  const together = await deliverTogether(
    key,
    stored.flatMap(({ delivered, update }) => (delivered ? [] : [update])),
    deps,
  );
  const deliveries: Delivery[] = [];
  for (const [i, { delivered, update }] of stored.entries()) {
    deliveries.push(together.has(eventIds[i]) ? 'delivered' : await deliverStored(key, eventIds[i], delivered, update, deps));
  }
  return deliveries;
}

/** The event ids written by one `deliverMany` call; none when the plugin has no such call or one update is left. */
async function deliverTogether(key: TicketKey, pending: ReadonlyArray<OutboundUpdate | null>, deps: EngineDeps): Promise<Set<string>> {
  const adapter = deps.adapters.get(key.helpdeskId);
  const gone = pending.indexOf(null);
  const updates = pending.slice(0, gone === -1 ? pending.length : gone) as OutboundUpdate[];
  if (!adapter?.deliver || !adapter.deliverMany || updates.length < 2) return new Set();
  const prepared: OutboundUpdate[] = [];
  for (const update of updates) prepared.push(adapter.fileLinks ? withFileLinks(update, deps) : await withFileContents(update, deps));
  const result = await adapter.deliverMany(prepared);
  await recordDelivered(key, updates, result, deps);
  return new Set(updates.map((u) => u.eventId));
}

async function deliverStored(
  key: TicketKey,
  eventId: string,
  delivered: boolean,
  update: OutboundUpdate | null,
  deps: EngineDeps,
): Promise<Delivery> {
  if (delivered) return 'already-delivered';
  if (!update) throw new InputError(`outbound update ${eventId} for ${key.helpdeskId} is no longer stored (expired after 30 days)`);
  const adapter = deps.adapters.get(key.helpdeskId);
  if (!adapter?.deliver) {
    deps.logger.info('helpdesk takes no updates; dropped', { ...key, eventId });
    return 'not-supported';
  }
  const result = await adapter.deliver(adapter.fileLinks ? withFileLinks(update, deps) : await withFileContents(update, deps));
  await recordDelivered(key, [update], result, deps);
  return 'delivered';
}

async function recordDelivered(key: TicketKey, updates: readonly OutboundUpdate[], result: DeliveryResult, deps: EngineDeps): Promise<void> {
  // What the bridge wrote must not come back as a new article to mirror.
  for (const articleId of result.createdArticleIds ?? []) await deps.links.saveArticleLink(key, articleId, 0);
  // The state change this caused in the helpdesk comes back with the next mirror: not an agent's change. The last
  // one written is the helpdesk's state now.
  const states = updates.flatMap((u) => (u.state ? [u.state] : []));
  if (states.length) await deps.helpdeskState.setDelivered(key, states[states.length - 1]);
  await Promise.all(updates.map((u) => deps.outbox.markDelivered(key, u.eventId)));
  for (const u of updates) deps.logger.info('update delivered to the helpdesk', { ...key, eventId: u.eventId, type: u.type });
}

/** The bytes of the update's files, fetched from the ERP now: the outbox keeps only where they are. */
async function withFileContents(update: OutboundUpdate, deps: EngineDeps): Promise<OutboundUpdate> {
  if (!update.files?.length) return update;
  const files: OutboundFile[] = [];
  for (const file of update.files) {
    const doc = await deps.erp.downloadTicketDocument(file.erpRef, file.erpDocument, deps.sync.attachments.maxBytes);
    if (!doc) {
      deps.logger.warn('ERP document gone before delivery; note sent without it', { ticketId: update.ticketId, document: file.erpDocument });
      continue;
    }
    files.push({ ...file, content: doc.content, contentType: doc.contentType, size: doc.size });
  }
  return { ...update, files };
}

/**
 * Links instead of bytes, signed at delivery so a late retry still gets a link that works. Without a public URL the
 * files stay named in the note and the event, with no link (start-up warns about it).
 */
function withFileLinks(update: OutboundUpdate, deps: EngineDeps): OutboundUpdate {
  const links = deps.fileLinks;
  if (!update.files?.length || !links) return update;
  return {
    ...update,
    files: update.files.map((file) => {
      const { url, expiresAt } = links.linkFor(file.erpRef, file.erpDocument);
      return { ...file, url, urlExpiresAt: expiresAt };
    }),
  };
}
