import { DateTime } from 'luxon';
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
import { rtTicketSchema, rtTransactionSchema } from './schemas';
import { BRIDGE_FIELDS, type RtSettings } from './settings';
import { ticketPath } from './ticket-id';
import { updateChecked, type Expected } from './write-check';

/** The two kinds of message RT records: a comment stays internal, a correspondence is mailed to the requestors. */
type MessageKind = 'Comment' | 'Correspond';

/**
 * Writes one ERP-side change to RT: the note as an internal comment and the customer reply as a correspondence
 * (each once per eventId), then status, due date and custom fields in one PUT, read back to catch values RT
 * dropped. The transactions' ids are returned so the poll does not mirror the bridge's own messages back.
 */
export async function deliver(deps: RtDeps, update: OutboundUpdate): Promise<DeliveryResult> {
  const path = ticketPath(update.ticketId);
  const { body, expected } = changesFor(deps.settings, update);
  const createdArticleIds: string[] = [];
  if (update.note?.trim()) createdArticleIds.push(await recordOnce(deps, path, update, 'Comment', update.note));
  if (update.reply?.trim()) createdArticleIds.push(await recordOnce(deps, path, update, 'Correspond', update.reply));
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
  if (update.remindAt) {
    if (Number.isNaN(update.remindAt.getTime())) throw new InputError('bad reminder', ['remindAt: not a valid date']);
    // RT reads a written date like a TicketSQL literal (in the API user's zone); it keeps seconds.
    body.Due = dateTime(update.remindAt, settings.timeZone);
    expected.due = new Date(Math.floor(update.remindAt.getTime() / 1000) * 1000);
  }
  if (cfs.length) {
    body.CustomFields = Object.fromEntries(cfs.map((cf) => [cf.name, cf.value]));
    expected.customFields = cfs;
  }
  return { body, expected };
}

function dateTime(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/**
 * The note (a comment, with the update's files) or the reply (a correspondence, which RT mails to the requestors:
 * ticket_correspond_timetaken_attachment). The marker goes in the subject, which RT keeps in the transaction's
 * `Data` (readable in history).
 */
async function recordOnce(deps: RtDeps, path: string, update: OutboundUpdate, kind: MessageKind, text: string): Promise<string> {
  const { eventId, type } = update;
  const marker = kind === 'Comment' ? noteMarker(eventId) : noteMarker(`${eventId}:reply`);
  // RT takes files in the comment as base64 (recorded ticket_comment_attachment_only).
  const attachments = (kind === 'Comment' ? (update.files ?? []) : []).flatMap((f) =>
    f.content ? [{ FileName: f.filename, FileType: f.contentType ?? 'application/octet-stream', FileContent: f.content.toString('base64') }] : [],
  );
  const existing = await findMessage(deps.client, path, kind, marker, deps.settings.pageSize);
  if (existing) return existing;
  const endpoint = `${path}/${kind === 'Comment' ? 'comment' : 'correspond'}`;
  // RT mails a correspondence under its subject: the ticket's own, so the customer sees a normal answer.
  const subject =
    kind === 'Comment' ? `TicketBridge ${type} ${marker}` : `Re: ${(await deps.client.get(path, {}, rtTicketSchema)).Subject} ${marker}`;
  const res = await deps.client.send('POST', endpoint, {
    Subject: subject,
    Content: text,
    ContentType: 'text/plain',
    ...(attachments.length ? { Attachments: attachments } : {}),
  });
  const txn = /\/transaction\/(\d+)$/.exec(res.location ?? '')?.[1];
  if (txn) return txn;
  const field = kind === 'Comment' ? 'note' : 'reply';
  const remoteMessage = remoteMessageOf(res.body);
  const site = { system: deps.client.system, method: 'POST', path: endpoint, status: res.status, remoteMessage, field };
  const message = `RT did not record the ${field}${remoteMessage ? `: ${remoteMessage}` : ''}`;
  throw remoteMessage && PERMISSION.test(remoteMessage) ? new ForbiddenError(message, site) : new InvalidRequestError(message, site);
}

async function findMessage(client: RtClient, path: string, kind: MessageKind, marker: string, pageSize: number): Promise<string | undefined> {
  const history = allItems(client, `${path}/history`, { fields: 'Type,Created,Data', orderby: 'id', order: 'DESC' }, pageSize, rtTransactionSchema);
  for await (const txn of history) if (txn.Type === kind && txn.Data.includes(marker)) return txn.id;
  return undefined;
}
