import type Redis from 'ioredis';
import type { AttachmentLink, LinkStore, QuoteLink, TicketKey, TicketLink, TimeEntryLink } from '../sync/ports';
import { trackIdFor } from '../sync/shared/ticket-identity';
import type { KeySpace } from './keys';
import { exec, IdBuckets } from './id-buckets';
import { withHelpdeskId } from './legacy-names';
import { LuaScript } from './lua-script';
import { WriteBatch } from './write-batch';

/** `[erpId, erpRef, helpdeskNumber, trackId]`; the last two are left out (null) when they are the ticket id and its derived track_id. */
type StoredTicketLink = [number, string, (string | null)?, (string | null)?];

function encodeTicketLink(link: TicketLink): string {
  const stored: StoredTicketLink = [link.erpId, link.erpRef];
  const trackId = link.trackId === trackIdFor(link) ? null : link.trackId;
  if (link.helpdeskNumber !== link.ticketId || trackId !== null) stored.push(link.helpdeskNumber === link.ticketId ? null : link.helpdeskNumber);
  if (trackId !== null) stored.push(trackId);
  return JSON.stringify(stored);
}

/** Reads both the compact array and the object earlier versions wrote (which may say `source`). */
function decodeTicketLink(key: TicketKey, raw: string): TicketLink {
  const value = JSON.parse(raw) as StoredTicketLink | TicketLink;
  if (!Array.isArray(value)) return withHelpdeskId(value);
  const [erpId, erpRef, helpdeskNumber, trackId] = value;
  return {
    helpdeskId: key.helpdeskId,
    ticketId: key.ticketId,
    helpdeskNumber: helpdeskNumber ?? key.ticketId,
    erpId,
    erpRef,
    trackId: trackId ?? trackIdFor(key),
  };
}

/** A key name as a SCAN pattern matches it literally. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** `[helpdeskId, ticketId, articleId?]`, or the object earlier versions wrote (ERP ticket and, before, ERP message links). */
function decodeKeyRef(raw: string): { key: TicketKey; articleId?: string } {
  const value = JSON.parse(raw) as [string, string, string?] | { helpdeskId: string; ticketId: string; articleId?: string };
  const [helpdeskId, ticketId, articleId] = Array.isArray(value)
    ? value
    : (() => {
        const v = withHelpdeskId(value);
        return [v.helpdeskId, v.ticketId, v.articleId];
      })();
  const key = { helpdeskId, ticketId };
  return articleId === undefined || articleId === null ? { key } : { key, articleId };
}

/**
 * What is kept for good about one helpdesk ticket, in one HASH (`link:t:<helpdeskId>:<ticketId>`): three keys of
 * their own cost ~420 bytes per ticket, their fields in one small hash ~180. Fields: `t` the ticket link, `a<articleId>`
 * the ERP message id of each article, `m<erpMessageId>` (empty) each ERP message linked without an article, `s` the
 * helpdesk state last mirrored (sync-memory), `p0`, `p1`, … a push-only helpdesk's last snapshot (snapshot-store).
 * Values stay within 64 bytes, so the hash keeps Redis' compact encoding.
 */
export function ticketHashKey(keys: KeySpace, key: TicketKey): string {
  return keys.key('link', 't', key.helpdeskId, key.ticketId);
}

const TICKET_LINK_FIELD = 't';
export const MIRRORED_STATE_FIELD = 's';
const ARTICLE_PREFIX = 'a';
const articleField = (articleId: string) => `${ARTICLE_PREFIX}${articleId}`;
const messageField = (erpMessageId: number) => `m${erpMessageId}`;

// The article whose field holds the ERP message id (ARGV[1]), '' when the message is linked without one (field
// ARGV[2]), nil when neither: the hash stays on the server, only the answer comes back.
const FIND_MESSAGE = new LuaScript(
  `
local all = redis.call('HGETALL', KEYS[1])
local bare = false
for i = 1, #all, 2 do
  local f = all[i]
  if f == ARGV[2] then bare = true
  elseif all[i + 1] == ARGV[1] and string.sub(f, 1, 1) == 'a' then return string.sub(f, 2) end
end
if bare then return '' end
return false`,
);

/**
 * Removes the SETs earlier versions listed links with (`link:sources`, the helpdesk ids, and `link:tickets:<id>` of
 * each, written together): nothing reads them, and they held ~58 bytes per ticket for good. Returns the keys removed.
 */
export async function removeUnreadLinkSets(redis: Redis, keys: KeySpace): Promise<number> {
  const sources = keys.key('link', 'sources');
  const helpdeskIds = await redis.smembers(sources);
  if (helpdeskIds.length === 0) return 0;
  return redis.unlink(sources, ...helpdeskIds.map((id) => keys.key('link', 'tickets', id)));
}

/**
 * Links between helpdesk and ERP ids. Layout under `<prefix>link:`:
 *   t:<helpdeskId>:<ticketId>        HASH t → JSON [erpId, erpRef, number?, trackId?], a<articleId> → ERP message id,
 *                                    m<erpMessageId> → '' (an ERP message without an article), s → state last mirrored,
 *                                    p<n> → the pushed snapshot (earlier versions: `ticket:…` JSON, `article:…` HASH)
 *   erp-ticket:b<n>                  HASH erpId → JSON [helpdeskId, ticketId]
 *   tickets:<helpdeskId>, sources    SETs of ticket ids and helpdesk ids earlier versions listed links with (removed
 *                                    at start-up: removeUnreadLinkSets)
 *   erp-message:b<n>             HASH ERP message id → JSON [helpdeskId, ticketId, articleId?]: earlier versions' ERP
 *                                message links (`erp-message:<id>` before that), read, no longer written: ~55 bytes a
 *                                message, where the ticket's hash says the same in its `a…` values or ~10-byte `m…` fields
 *   attachment:<helpdeskId>:<ticketId> HASH articleId/attachmentKey → JSON AttachmentLink
 *   erp-documents:<erpId>        SET of document names on both sides
 *   time:<helpdeskId>:<ticketId>     HASH entryId → JSON TimeEntryLink
 *   quote:<helpdeskId>:<ticketId>    HASH requestId → JSON QuoteLink   proposal:<id>  JSON TicketKey
 * ERP-id keyed links share buckets (IdBuckets); what earlier versions wrote (`erp-ticket:<id>`, `erp-message:…`,
 * JSON objects) is still read. Writes touching two keys go in one MULTI so a crash never leaves half a link.
 */
export class RedisLinkStore implements LinkStore {
  private readonly erpTickets: IdBuckets;
  private readonly erpMessages: IdBuckets;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {
    this.erpTickets = new IdBuckets(redis, this.k('erp-ticket'));
    this.erpMessages = new IdBuckets(redis, this.k('erp-message'));
  }

  private k(...parts: (string | number)[]): string {
    return this.keys.key('link', ...parts);
  }

  private async getJson<T>(key: string): Promise<T | null> {
    const raw = await this.redis.get(key);
    return raw === null ? null : withHelpdeskId(JSON.parse(raw) as T);
  }

  async getTicketLink(key: TicketKey): Promise<TicketLink | null> {
    const [current, earlier] = await Promise.all([
      this.redis.hget(ticketHashKey(this.keys, key), TICKET_LINK_FIELD),
      this.redis.get(this.k('ticket', key.helpdeskId, key.ticketId)),
    ]);
    const raw = current ?? earlier;
    return raw === null ? null : decodeTicketLink(key, raw);
  }

  private async erpTicketKey(erpId: number): Promise<TicketKey | null> {
    const raw = await this.erpTickets.get(erpId);
    return raw === null ? null : decodeKeyRef(raw).key;
  }

  async getTicketLinkByErpId(erpId: number): Promise<TicketLink | null> {
    const key = await this.erpTicketKey(erpId);
    return key ? this.getTicketLink(key) : null;
  }

  async saveTicketLink(link: TicketLink, previous?: TicketLink | null): Promise<void> {
    const before = previous === undefined ? await this.getTicketLink(link) : previous;
    const tx = new WriteBatch();
    if (before && before.erpId !== link.erpId) this.erpTickets.remove(tx, before.erpId);
    tx.hset(ticketHashKey(this.keys, link), TICKET_LINK_FIELD, encodeTicketLink(link));
    tx.del(this.k('ticket', link.helpdeskId, link.ticketId));
    this.erpTickets.set(tx, link.erpId, JSON.stringify([link.helpdeskId, link.ticketId]));
    await tx.run(this.redis);
  }

  /** Removes the ticket link (both directions); message, time entry and quote links stay. */
  async deleteTicketLink(key: TicketKey): Promise<void> {
    const link = await this.getTicketLink(key);
    const tx = this.redis.multi();
    if (link) {
      const back = await this.erpTicketKey(link.erpId);
      if (back && back.helpdeskId === key.helpdeskId && back.ticketId === key.ticketId) this.erpTickets.remove(tx, link.erpId);
    }
    tx.hdel(ticketHashKey(this.keys, key), TICKET_LINK_FIELD);
    tx.del(this.k('ticket', key.helpdeskId, key.ticketId));
    await exec(tx);
  }

  /**
   * Every ticket link (of one helpdesk): the ticket hashes found by SCAN, then the keys earlier versions wrote
   * (`ticket:…`) for tickets without a hash link. A SET of ticket ids per helpdesk listed them before: ~58 bytes a
   * ticket, kept for good, for an admin search; these sets, and the helpdesk ids' set, are no longer read or written.
   */
  async *listTicketLinks(helpdeskId?: string): AsyncIterable<TicketLink> {
    for (const layout of ['t', 'ticket'] as const) {
      const base = `${this.k(layout)}:`;
      const match = `${globEscape(helpdeskId === undefined ? base : `${base}${helpdeskId}:`)}*`;
      for await (const found of this.redis.scanStream({ match, count: 500 }) as AsyncIterable<string[]>) {
        for (const name of found) {
          const [src, ...rest] = name.slice(base.length).split(':');
          const key = { helpdeskId: src, ticketId: rest.join(':') };
          // Each pass reads its own layout only: a ticket's hash may hold article links while its link is still in
          // the earlier key, and it is listed once, by the second pass.
          const [inHash, raw] =
            layout === 't'
              ? [false, await this.redis.hget(name, TICKET_LINK_FIELD)]
              : await Promise.all([this.redis.hexists(ticketHashKey(this.keys, key), TICKET_LINK_FIELD), this.redis.get(name)]);
          if (!inHash && raw !== null) yield decodeTicketLink(key, raw);
        }
      }
    }
  }

  /** One round trip for all of them: a mirror run looked each article up, one round trip apiece. */
  async getArticleLinks(key: TicketKey): Promise<Map<string, number>> {
    const [current, earlier] = await Promise.all([
      this.redis.hgetall(ticketHashKey(this.keys, key)),
      this.redis.hgetall(this.k('article', key.helpdeskId, key.ticketId)),
    ]);
    const links = new Map(Object.entries(earlier).map(([articleId, raw]) => [articleId, Number(raw)] as const));
    for (const [field, raw] of Object.entries(current))
      if (field.startsWith(ARTICLE_PREFIX)) links.set(field.slice(ARTICLE_PREFIX.length), Number(raw));
    return links;
  }

  /** The article's field links its ERP message too; a link the message had without an article is replaced. */
  async saveArticleLink(key: TicketKey, articleId: string, erpMessageId: number): Promise<void> {
    const tx = new WriteBatch().hset(ticketHashKey(this.keys, key), articleField(articleId), String(erpMessageId));
    if (erpMessageId !== 0) tx.hdel(ticketHashKey(this.keys, key), messageField(erpMessageId));
    tx.hdel(this.k('article', key.helpdeskId, key.ticketId), articleId);
    await tx.run(this.redis);
  }

  /** From the ticket's hash, or else from the bucket earlier versions wrote (issued in the same tick: one round trip). */
  async getErpMessageLink(key: TicketKey, erpMessageId: number): Promise<{ key: TicketKey; articleId?: string } | null> {
    const [found, earlier] = await Promise.all([
      FIND_MESSAGE.run(this.redis, [ticketHashKey(this.keys, key)], [String(erpMessageId), messageField(erpMessageId)]) as Promise<string | null>,
      this.erpMessages.get(erpMessageId),
    ]);
    if (found !== null) return found === '' ? { key } : { key, articleId: found };
    return earlier === null ? null : decodeKeyRef(earlier);
  }

  async saveErpMessageLink(key: TicketKey, erpMessageId: number): Promise<void> {
    await this.redis.hset(ticketHashKey(this.keys, key), messageField(erpMessageId), '');
  }

  async getAttachmentLink(key: TicketKey, articleId: string, attachmentKey: string): Promise<AttachmentLink | null> {
    const raw = await this.redis.hget(this.k('attachment', key.helpdeskId, key.ticketId), `${articleId}/${attachmentKey}`);
    return raw === null ? null : (JSON.parse(raw) as AttachmentLink);
  }

  async saveAttachmentLink(key: TicketKey, articleId: string, attachmentKey: string, link: AttachmentLink, erpId: number): Promise<void> {
    const tx = this.redis.multi();
    tx.hset(this.k('attachment', key.helpdeskId, key.ticketId), `${articleId}/${attachmentKey}`, JSON.stringify(link));
    if ('documentName' in link) tx.sadd(this.k('erp-documents', erpId), link.documentName);
    await exec(tx);
  }

  async isErpDocumentKnown(erpId: number, documentName: string): Promise<boolean> {
    return (await this.redis.sismember(this.k('erp-documents', erpId), documentName)) === 1;
  }

  async markErpDocumentKnown(erpId: number, documentName: string): Promise<void> {
    await this.redis.sadd(this.k('erp-documents', erpId), documentName);
  }

  async getTimeEntryLinks(key: TicketKey): Promise<TimeEntryLink[]> {
    const all = await this.redis.hvals(this.k('time', key.helpdeskId, key.ticketId));
    return all.map((raw) => JSON.parse(raw) as TimeEntryLink);
  }

  async saveTimeEntryLink(key: TicketKey, link: TimeEntryLink): Promise<void> {
    await this.redis.hset(this.k('time', key.helpdeskId, key.ticketId), link.entryId, JSON.stringify(link));
  }

  async deleteTimeEntryLink(key: TicketKey, entryId: string): Promise<void> {
    await this.redis.hdel(this.k('time', key.helpdeskId, key.ticketId), entryId);
  }

  async getQuoteLink(key: TicketKey, requestId: string): Promise<QuoteLink | null> {
    const raw = await this.redis.hget(this.k('quote', key.helpdeskId, key.ticketId), requestId);
    return raw === null ? null : (JSON.parse(raw) as QuoteLink);
  }

  /** Every quote raised for the ticket (admin page). */
  async listQuoteLinks(key: TicketKey): Promise<QuoteLink[]> {
    const all = await this.redis.hgetall(this.k('quote', key.helpdeskId, key.ticketId));
    return Object.values(all).map((raw) => JSON.parse(raw) as QuoteLink);
  }

  async saveQuoteLink(key: TicketKey, link: QuoteLink): Promise<void> {
    const tx = this.redis.multi();
    tx.hset(this.k('quote', key.helpdeskId, key.ticketId), link.requestId, JSON.stringify(link));
    tx.set(this.k('proposal', link.proposalId), JSON.stringify({ helpdeskId: key.helpdeskId, ticketId: key.ticketId }));
    await exec(tx);
  }

  async getTicketByProposal(proposalId: number): Promise<TicketKey | null> {
    return this.getJson<TicketKey>(this.k('proposal', proposalId));
  }
}
