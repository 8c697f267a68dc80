import { z } from 'zod';
import {
  callSiteOf,
  describeCall,
  HttpExchange,
  parseAnswer,
  parseRetryAfter,
  type CallSite,
  type DeliveryResult,
  type OutboundUpdate,
  type Logger,
} from '../../src/plugin-sdk';
import { errorForNetwork, errorForStatus } from './outbound-errors';
import { EVENT_ID_HEADER, signPayload } from './signature';

export interface OutboundOptions {
  helpdeskId: string;
  secret: string;
  url: string;
  timeoutMs: number;
  now(): Date;
  logger: Logger;
}

/**
 * The JSON the receiver gets, built only from the update: a retried delivery carries the same facts; only the
 * signature timestamp and the file links' expiry (signed at each delivery) change.
 */
function outboundBody(update: OutboundUpdate, helpdeskId: string): string {
  return JSON.stringify({
    eventId: update.eventId,
    type: update.type,
    ticketId: update.ticketId,
    helpdeskId,
    // The same id under its former name, for receivers written before 0.2; to be dropped in 1.0.
    source: helpdeskId,
    occurredAt: update.occurredAt.toISOString(),
    data: update.data,
    note: update.note,
    state: update.state,
    fields: update.fields,
    move: update.move,
    reply: update.reply,
    remindAt: update.remindAt?.toISOString(),
    files: update.files?.map((f) => ({ filename: f.filename, size: f.size, url: f.url, expiresAt: f.urlExpiresAt?.toISOString() })),
  });
}

/** A receiver that turned the note into an article names it, so its echo is not mirrored back. */
const receiverAnswerSchema = z.object({ createdArticleIds: z.array(z.string().min(1).max(200)).max(1000).optional() });

function receiverAnswer(body: string, site: CallSite): DeliveryResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null || !('createdArticleIds' in json)) return {};
  const { createdArticleIds } = parseAnswer(receiverAnswerSchema, json, `${describeCall('webhook receiver', site)} 2xx answer`, {
    system: site.system,
    method: site.method,
    path: site.path,
  });
  return createdArticleIds ? { createdArticleIds } : {};
}

/** The most events one batch request carries, as for inbound batches; more go in further requests. */
const MAX_BATCH = 100;

/** One signed POST per call; retries belong to the job that calls it. */
export function createDeliver(opts: OutboundOptions): (update: OutboundUpdate) => Promise<DeliveryResult> {
  const post = signedPost(opts);
  return async (update) => {
    const result = await post(outboundBody(update, opts.helpdeskId), update.eventId);
    opts.logger.debug('update delivered to webhook receiver', { eventId: update.eventId, type: update.type });
    return result;
  };
}

/**
 * `outboundBatch`: a ticket's updates in one signed POST, `{ "events": [...] }` as the helpdesk sends its own batches.
 * The receiver deduplicates on each event's `eventId`, so a batch retried after a partial failure is harmless.
 */
export function createDeliverMany(opts: OutboundOptions): (updates: OutboundUpdate[]) => Promise<DeliveryResult> {
  const post = signedPost(opts);
  return async (updates) => {
    const createdArticleIds: string[] = [];
    for (let i = 0; i < updates.length; i += MAX_BATCH) {
      const batch = updates.slice(i, i + MAX_BATCH);
      const result = await post(`{"events":[${batch.map((u) => outboundBody(u, opts.helpdeskId)).join(',')}]}`);
      createdArticleIds.push(...(result.createdArticleIds ?? []));
      opts.logger.debug('updates delivered to webhook receiver in one request', { eventIds: batch.map((u) => u.eventId) });
    }
    return createdArticleIds.length ? { createdArticleIds } : {};
  };
}

/** A batch has no single event id: its header is left out, and each event carries its own. */
function signedPost(opts: OutboundOptions): (body: string, eventId?: string) => Promise<DeliveryResult> {
  const site = callSiteOf(opts.helpdeskId, 'POST', opts.url);
  const http = new HttpExchange(opts.url);
  return async (body, eventId) => {
    const timestamp = Math.floor(opts.now().getTime() / 1000);
    let response;
    try {
      response = await http.send(opts.url, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'User-Agent': 'TicketBridge',
          ...(eventId === undefined ? {} : { [EVENT_ID_HEADER]: eventId }),
          ...signPayload(opts.secret, body, timestamp),
        },
        body,
        timeoutMs: opts.timeoutMs,
      });
    } catch (err) {
      throw errorForNetwork(site, err);
    }
    if (response.status < 200 || response.status >= 300) {
      throw errorForStatus(site, response.status, response.text, parseRetryAfter(response.header('retry-after'), opts.now()));
    }
    return receiverAnswer(response.text, site);
  };
}
