import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { TicketKey } from '../sync/ports';
import type { KeySpace } from './keys';
import { LuaScript } from './lua-script';

/**
 * Marks that matter for a while (ids of inbound events seen, 7 days; of updates delivered, 30 days), every kind in one
 * HASH per ticket, `marks:<helpdeskId>:<ticketId>`: field = a short digest of the kind and the id, value = when the
 * mark lapses (Unix seconds, which Redis keeps as a 4-byte integer in a small hash; base 36 would be a longer
 * string: 4 bytes more a mark). A key of its own per mark cost ~130 bytes, a hash per kind and ticket ~90 besides its
 * fields; a mark costs ~16. Each mark lapses at its own kind's age, lapsed ones are dropped whenever one is added, and
 * the hash lives as long as its longest-lived part. Earlier versions kept a hash per kind (`once:recent:<kind>:…`,
 * `outbox:done:…`) whose values are when the mark was made; those are still read until they expire. Two values kept
 * for a while live in the same hash, cut into fields (hash-chunks) whose names are shorter than a mark's digest: the
 * ticket's admin activity and the ERP ticket memory.
 */

/** The admin activity's fields in a ticket's marks hash (`~0`, `~1`, …; activity-store). */
export const ACTIVITY_CHUNKS = '~';
/** The ERP ticket memory's fields in a ticket's marks hash (`!0`, `!1`, …; erp-ticket-memory). */
export const ERP_TICKET_CHUNKS = '!';
/** The length of a mark's field (digest); other fields hold the values above. */
const MARK_FIELD_LENGTH = 8;

/** Where a ticket's marks of one kind are. */
export interface MarkPlace {
  /** The ticket's hash (marksKey). */
  key: string;
  /** Keeps kinds apart in the one hash: it goes into the digest, so it costs no byte. */
  kind: string;
  /** The hash of this kind only that earlier versions kept for the ticket. */
  legacyKey: string;
}

export function marksKey(keys: KeySpace, ticket: TicketKey): string {
  return keys.key('marks', ticket.helpdeskId, ticket.ticketId);
}

/** 8 base64url characters (48 bits) of a SHA-256: a collision among one ticket's marks is out of reach. */
function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, MARK_FIELD_LENGTH);
}

const field = (kind: string, id: string) => digest(`${kind}\n${id}`);
/** Earlier versions' hashes held one kind: the digest of the id alone. */
const legacyField = (id: string) => digest(id);

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Lua functions for scripts that check or add a mark beside other work (the intake's one-step path, ADD below).
 * mark_held: whether the mark is held (or was made within ttl seconds in the earlier hash, or one of `held` exists).
 * add_mark: adds it, drops the lapsed ones (leaving the fields that are no mark) and makes the hash live at least as
 * long as the new mark.
 */
export const MARK_FUNCTIONS = `
local function mark_held(marks, legacy, held, field, legacyField, now, ttl)
  for _, k in ipairs(held) do
    if redis.call('EXISTS', k) == 1 then return true end
  end
  local lapses = tonumber(redis.call('HGET', marks, field) or '')
  if lapses and lapses > now then return true end
  local before = tonumber(redis.call('HGET', legacy, legacyField) or '')
  return before ~= nil and before > now - ttl
end
local function add_mark(marks, field, lapses, ttl, now)
  local all = redis.call('HGETALL', marks)
  for i = 1, #all, 2 do
    if #all[i] == ${MARK_FIELD_LENGTH} and (tonumber(all[i + 1]) or 0) <= now then redis.call('HDEL', marks, all[i]) end
  end
  redis.call('HSET', marks, field, lapses)
  if redis.call('TTL', marks) < ttl then redis.call('EXPIRE', marks, ttl) end
end
`;

// Deletes the KEYS after the first 2 + ARGV[6], whatever follows. Returns 0 when the mark is held (mark_held, with
// KEYS[3 .. 2 + ARGV[6]]); otherwise adds it and returns 1.
const ADD = new LuaScript(
  `${MARK_FUNCTIONS}
local heldEnd = 2 + tonumber(ARGV[6])
for i = heldEnd + 1, #KEYS do redis.call('DEL', KEYS[i]) end
local held = {}
for i = 3, heldEnd do held[#held + 1] = KEYS[i] end
local now = tonumber(ARGV[3])
local ttl = tonumber(ARGV[5])
if mark_held(KEYS[1], KEYS[2], held, ARGV[1], ARGV[2], now, ttl) then return 0 end
add_mark(KEYS[1], ARGV[1], ARGV[4], ttl, now)
return 1`,
);

/** What MARK_FUNCTIONS take for a mark: its field and the earlier hash's, now, when it lapses, its TTL. */
export function markArgs(
  place: MarkPlace,
  id: string,
  ttlSeconds: number,
): [field: string, legacyField: string, now: string, lapses: string, ttl: string] {
  const now = nowSeconds();
  return [field(place.kind, id), legacyField(id), String(now), String(now + ttlSeconds), String(ttlSeconds)];
}

/**
 * Adds the mark for ttlSeconds; false when it was already there (or made within ttlSeconds before the upgrade, or one of
 * `heldUnder` exists: keys of a layout where a mark was a key of its own), checked in the same round trip. The keys in
 * `dropped` are deleted in the same script, held or not: what the mark stands for is done.
 */
export async function addRecentMark(
  redis: Redis,
  place: MarkPlace,
  id: string,
  ttlSeconds: number,
  heldUnder: readonly string[] = [],
  dropped: readonly string[] = [],
): Promise<boolean> {
  const args = [...markArgs(place, id, ttlSeconds), String(heldUnder.length)];
  return (await ADD.run(redis, [place.key, place.legacyKey, ...heldUnder, ...dropped], args)) === 1;
}

/** Whether the mark was added and has not lapsed (made within the last ttlSeconds, for a mark made before the upgrade). */
export async function hasRecentMark(redis: Redis, place: MarkPlace, id: string, ttlSeconds: number): Promise<boolean> {
  const [until, at] = await Promise.all([redis.hget(place.key, field(place.kind, id)), redis.hget(place.legacyKey, legacyField(id))]);
  const now = nowSeconds();
  return (until !== null && Number(until) > now) || (at !== null && Number(at) > now - ttlSeconds);
}
