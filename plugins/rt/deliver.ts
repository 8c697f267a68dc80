import {
  ForbiddenError,
  noteMarker,
  remoteMessageOf,
  InputError,
  InvalidRequestError,
  type DeliveryResult,
  type OutboundUpdate,
} from '../../src/plugin-sdk';
import type { RtClient } from './client';
import { PERMISSION } from './errors';
import type { RtDeps } from './fetch-ticket';
import { allItems } from './paging';
import { rtTransactionSchema } from './schemas';
import { BRIDGE_FIELDS, type RtSettings } from './settings';
import { ticketPath } from './ticket-id';
import { updateChecked, type Expected } from './write-check';

/**
 * Writes one ERP-side change to RT: the note as an internal comment (once per eventId), then status and
 * custom fields in one PUT, read back to catch values RT dropped. The comment's transaction id is returned
 * so the poll does not mirror the bridge's own note back.
 */
export async function deliver(deps: RtDeps, update: OutboundUpdate): Promise<DeliveryResult> {
  const path = ticketPath(update.ticketId);
  const { body, expected } = changesFor(deps.settings, update);
  const createdArticleIds = update.note?.trim() ? [await commentOnce(deps, path, update, update.note)] : [];
  if (Object.keys(body).length) await updateChecked(deps.client, path, body, expected);
  return { createdArticleIds };
}

function changesFor(settings: RtSettings, update: OutboundUpdate): { body: Record<string, unknown>; expected: Expected } {
  const body: Record<string, unknown> = {};
  const expected: Expected = {};
  if (update.state !== undefined) {
    const status = settings.categoryToStatus[update.state];
    if (!status) {
      throw new InputError('state has no RT status', [`state: '${update.state}' is not mapped in settings.categoryToStatus`]);
    }
    body.Status = expected.status = status;
  }
  // Queue and owner by name; RT refuses an unknown one with a message (error_update_queue_unknown, error_update_owner_unknown_user).
  if (update.move?.queue) body.Queue = expected.queue = update.move.queue;
  if (update.move?.owner) body.Owner = expected.owner = update.move.owner;
  const cfs = BRIDGE_FIELDS.flatMap((field) => {
    const value = update.fields?.[field];
    return value === undefined ? [] : [{ name: settings.customFields[field], value, field: `fields.${field}` }];
  });
  if (cfs.length) {
    body.CustomFields = Object.fromEntries(cfs.map((cf) => [cf.name, cf.value]));
    expected.customFields = cfs;
  }
  return { body, expected };
}

// The marker goes in the comment's subject, which RT keeps in the transaction's `Data` (readable in history).
async function commentOnce(deps: RtDeps, path: string, update: OutboundUpdate, note: string): Promise<string> {
  const { eventId, type } = update;
  const marker = noteMarker(eventId);
  // RT takes files in the comment as base64 (recorded ticket_comment_attachment_only).
  const attachments = (update.files ?? []).flatMap((f) =>
    f.content ? [{ FileName: f.filename, FileType: f.contentType ?? 'application/octet-stream', FileContent: f.content.toString('base64') }] : [],
  );
  const existing = await findComment(deps.client, path, marker, deps.settings.pageSize);
  if (existing) return existing;
  const res = await deps.client.send('POST', `${path}/comment`, {
    Subject: `TicketBridge ${type} ${marker}`,
    Content: note,
    ContentType: 'text/plain',
    ...(attachments.length ? { Attachments: attachments } : {}),
  });
  const txn = /\/transaction\/(\d+)$/.exec(res.location ?? '')?.[1];
  if (txn) return txn;
  const remoteMessage = remoteMessageOf(res.body);
  const site = { system: deps.client.system, method: 'POST', path: `${path}/comment`, status: res.status, remoteMessage, field: 'note' };
  const text = `RT did not record the note${remoteMessage ? `: ${remoteMessage}` : ''}`;
  throw remoteMessage && PERMISSION.test(remoteMessage) ? new ForbiddenError(text, site) : new InvalidRequestError(text, site);
}

async function findComment(client: RtClient, path: string, marker: string, pageSize: number): Promise<string | undefined> {
  const history = allItems(client, `${path}/history`, { fields: 'Type,Created,Data', orderby: 'id', order: 'DESC' }, pageSize, rtTransactionSchema);
  for await (const txn of history) if (txn.Type === 'Comment' && txn.Data.includes(marker)) return txn.id;
  return undefined;
}
