import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type Redis from 'ioredis';
import { type InboundEvent, InputError } from '../plugin-sdk';
import type { AppliedOnce, PushedEvent, PushedState, SeenEvent, SnapshotStore, TicketKey, WaitingJob } from '../sync/ports';
import { CHUNK_FUNCTIONS } from './hash-chunks';
import type { KeySpace } from './keys';
import { SMALL_DEFLATE } from './small-deflate';
import { pushedStateWithHelpdeskId } from './legacy-names';
import { ticketHashKey } from './link-store';
import { eventTicketId, mergePushedEvent, storedPushSchema, type StoredPush, withoutBodies } from './snapshot-merge';
import { LuaScript } from './lua-script';
import { MARK_FUNCTIONS, markArgs } from './recent-marks';
import { recentClaim } from './once-store';

/** The snapshot's fields in the ticket's hash: `p0`, `p1`, … (hash-chunks). */
const CHUNKS = 'p';
/**
 * Up to this size (deflated) a snapshot is kept in the ticket's hash, beyond it in a key of its own: cut into more
 * fields, it would soon pass Redis' compact limit of 128 fields, and each 64-byte field then costs ~50 bytes more.
 */
const IN_HASH_MAX_BYTES = 1024;

/**
 * Reads any layout: `<version>\n<deflated JSON>` in the ticket's hash (KEYS[1]) or in a STRING of its own (KEYS[2]),
 * or the HASH `v`, `state` (plain JSON) earlier versions wrote there.
 */
const READ_FUNCTION = `
local function read_pushed()
  local inHash = read_chunks(KEYS[1], '${CHUNKS}')
  if inHash ~= '' then return {'s', inHash} end
  local t = redis.call('TYPE', KEYS[2])['ok']
  if t == 'string' then return {'s', redis.call('GET', KEYS[2])} end
  if t == 'hash' then return {'h', redis.call('HGET', KEYS[2], 'v') or '0', redis.call('HGET', KEYS[2], 'state') or ''} end
  return {}
end
`;

/** Any layout in one round trip. */
const READ = new LuaScript(`${CHUNK_FUNCTIONS}${READ_FUNCTION}return read_pushed()`);

// Compare-and-set on a version number: the merge runs in TypeScript, the write only lands if nobody wrote in
// between (cas_write answers false). The value goes to the ticket's hash when inHash is '1', else to its own key; the
// other place is cleared (an older version's HASH as well).
const CAS_FUNCTION = `
local function cas_write(version, value, inHash)
  local v = '0'
  local first = redis.call('HGET', KEYS[1], '${CHUNKS}0')
  if first then
    v = string.match(first, '^(%d+)\\n') or '0'
  else
    local t = redis.call('TYPE', KEYS[2])['ok']
    if t == 'hash' then v = redis.call('HGET', KEYS[2], 'v') or '0' end
    if t == 'string' then v = string.match(redis.call('GET', KEYS[2]), '^(%d+)\\n') or '0' end
  end
  if v ~= version then return false end
  if inHash == '1' then
    write_chunks(KEYS[1], '${CHUNKS}', value)
    redis.call('DEL', KEYS[2])
  else
    redis.call('SET', KEYS[2], value)
    write_chunks(KEYS[1], '${CHUNKS}', '')
  end
  return true
end
`;

/** What a write answers when it landed; one that did not answers what is stored (as READ does), to merge into again. */
const WRITTEN = 1;
const DUPLICATE = 2;
const JOINED = 3;

const CAS = new LuaScript(`${CHUNK_FUNCTIONS}${READ_FUNCTION}${CAS_FUNCTION}
if not cas_write(ARGV[1], ARGV[2], ARGV[3]) then return read_pushed() end
return ${WRITTEN}`);

// The write of applyOnce. KEYS[3], KEYS[4]: the ticket's marks and the earlier hash of its kind; KEYS[5], KEYS[6]: the
// claim keys of the layout before (recentClaim); KEYS[7], KEYS[8]: the job's deduplication key and the active list.
// ARGV[4..8]: markArgs; ARGV[9]: the prefix of job keys ('' when no job is to be joined); ARGV[10]: the highest job
// priority number the event may join. A job that runs is not joined: only BullMQ's add keeps an event for its next run.
const CAS_ONCE = new LuaScript(`${CHUNK_FUNCTIONS}${READ_FUNCTION}${CAS_FUNCTION}${MARK_FUNCTIONS}
local now = tonumber(ARGV[6])
local ttl = tonumber(ARGV[8])
if mark_held(KEYS[3], KEYS[4], {KEYS[5], KEYS[6]}, ARGV[4], ARGV[5], now, ttl) then return ${DUPLICATE} end
if not cas_write(ARGV[1], ARGV[2], ARGV[3]) then return read_pushed() end
if ARGV[9] == '' then return ${WRITTEN} end
local id = redis.call('GET', KEYS[7])
if not id or redis.call('LPOS', KEYS[8], id) then return ${WRITTEN} end
local job = ARGV[9] .. id
if redis.call('EXISTS', job) == 0 or redis.call('HEXISTS', job, 'finishedOn') == 1 then return ${WRITTEN} end
if tonumber(redis.call('HGET', job, 'priority') or '0') > tonumber(ARGV[10]) then return ${WRITTEN} end
add_mark(KEYS[3], ARGV[4], ARGV[7], ttl, now)
return ${JOINED}`);

type CasWrite = (places: [string, string], args: [version: string, value: Buffer, inHash: string]) => Promise<unknown>;

const MAX_CAS_ATTEMPTS = 40;
/** Tickets whose last written state apply() keeps in memory. */
const WRITES_REMEMBERED = 256;

/**
 * Deflate's preset dictionary: the JSON around a pushed ticket's values, which a small snapshot otherwise spends most
 * of its bytes on (930 bytes of JSON: 366 deflated, 223 with it). Raw inflate with a dictionary reads a stream written
 * without one unchanged, so snapshots earlier versions wrote need no marker. Part of the stored format: never change it.
 */
const DICTIONARY = Buffer.from(
  '"timeEntries":[]}"stateCategory":"closed""stateCategory":"pending""priority":"normal","state":"new""closedAt":"20' +
    '"customFields":{"internal":true,"attachments":[{"filename":"{"ticket":{"helpdeskId":"webhook","id":"","number":"' +
    '","title":"","body":"","queue":"","type":"","priority":"","state":"","stateCategory":"open","customer":{"email":"' +
    '","name":""},"owner":{"login":""},"createdAt":"2026-T00:00:00.000Z","updatedAt":"2026-"},"articles":[{"id":"' +
    '","author":"","body":"","internal":false,"createdAt":"2026-.000Z","attachments":[]},],"timeEntries":[]}',
);

function checkHelpdeskId(helpdeskId: string, event: PushedEvent): void {
  if (event.type === 'ticket.upserted' && event.snapshot.ticket.helpdeskId !== helpdeskId) {
    throw new InputError('pushed snapshot', [`ticket.helpdeskId: is "${event.snapshot.ticket.helpdeskId}", expected "${helpdeskId}"`]);
  }
}

/** A stored state and the version it was read or written at (0: none stored). */
interface Known {
  version: number;
  state: StoredPush | null;
}

/** Many concurrent writers on one ticket kept winning; the job retries later. */
class StoreConflictError extends Error {
  readonly transient = true;
  constructor(key: string) {
    super(`concurrent updates kept conflicting on ${key}`);
    this.name = 'StoreConflictError';
  }
}

/**
 * Pushed ticket state, kept as long as the ticket may change (a push-only helpdesk cannot be read again): in the
 * ticket's hash (`link:t:<helpdeskId>:<ticketId>`, fields `p0`, `p1`, …) up to IN_HASH_MAX_BYTES, beyond that under
 * `<prefix>pushed:<helpdeskId>:<ticketId>`. A key of its own cost ~70 bytes more per ticket. Deflated with a preset
 * dictionary: JSON of a ticket with a few articles shrinks to about a quarter, and this is the largest thing the bridge
 * keeps per ticket.
 */
export class RedisSnapshotStore implements SnapshotStore {
  /**
   * What this process last wrote per key: a ticket's next event usually arrives here too, and merging into it spares a
   * read and an inflate. The version check of the write still catches a writer in between; then the key is read.
   */
  private readonly written = new Map<string, { version: number; state: StoredPush }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  /** The ticket's hash and the key of its own: where the snapshot may be. */
  private places(key: TicketKey): [string, string] {
    return [ticketHashKey(this.keys, key), this.keys.key('pushed', key.helpdeskId, key.ticketId)];
  }

  async get(key: TicketKey): Promise<PushedState | null> {
    const { state } = await this.read(this.places(key));
    if (!state) return null;
    const pushed: PushedState = {};
    if (state.ticket) pushed.snapshot = { ticket: state.ticket, articles: state.articles, timeEntries: state.timeEntries };
    if (state.mergedInto !== undefined) pushed.mergedInto = state.mergedInto;
    if (state.deleted) pushed.deleted = true;
    return Object.keys(pushed).length ? pushed : null;
  }

  async apply(helpdeskId: string, event: InboundEvent): Promise<void> {
    if (event.type === 'ticket.changed') return;
    checkHelpdeskId(helpdeskId, event);
    await this.update({ helpdeskId, ticketId: eventTicketId(event) }, (state) => mergePushedEvent(state, event));
  }

  async applyOnce(helpdeskId: string, event: PushedEvent, seen: SeenEvent, joining?: WaitingJob): Promise<AppliedOnce> {
    checkHelpdeskId(helpdeskId, event);
    const ticket = { helpdeskId, ticketId: eventTicketId(event) };
    const { place, heldUnder } = recentClaim(this.keys, seen.namespace, ticket, seen.id);
    const markKeys = [place.key, place.legacyKey, ...heldUnder, joining?.dedupKey ?? place.key, joining?.activeKey ?? place.key];
    const markAndJob = [...markArgs(place, seen.id, seen.ttlSeconds), joining?.jobKeyPrefix ?? '', String(joining?.maxPriority ?? 0)];
    const outcome = await this.update(
      ticket,
      (state) => mergePushedEvent(state, event),
      (places, args) => CAS_ONCE.runBuffer(this.redis, [...places, ...markKeys], [...args, ...markAndJob]),
    );
    if (outcome === 'unchanged') return 'unchanged';
    return outcome === DUPLICATE ? 'duplicate' : outcome === JOINED ? 'joined' : 'stored';
  }

  async forgetBodies(key: TicketKey, articleIds: readonly string[]): Promise<void> {
    const ids = new Set(articleIds);
    await this.update(key, (state) => withoutBodies(state, ids));
  }

  /**
   * `merge` gives the next state, or null when nothing changes. It first merges into what this process last wrote, or
   * into nothing (a new ticket, most often): a write that lands costs one round trip, and one that does not answers
   * what is stored, merged into and written again (the read and the write of before, in as many round trips).
   * Answers what the write answered when it landed (WRITTEN, or applyOnce's DUPLICATE or JOINED), or 'unchanged'.
   */
  private async update(
    ticket: TicketKey,
    merge: (state: StoredPush | null) => StoredPush | null,
    write: CasWrite = (places, args) => CAS.runBuffer(this.redis, places, args),
  ): Promise<number | 'unchanged'> {
    const places = this.places(ticket);
    const [key] = places;
    let known: Known = this.written.get(key) ?? { version: 0, state: null };
    this.written.delete(key);
    let stored = false;
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const outcome = await this.mergeAndWrite(places, known, merge, write);
      if (typeof outcome === 'number') return outcome;
      if (outcome === 'unchanged') {
        if (stored) return 'unchanged';
        // "Unchanged" from memory may miss what another writer brought since (a time entry it added, now removed): read.
        known = await this.read(places);
      } else {
        // Random pause so writers that collided on a state both had read do not collide again in lockstep.
        if (stored) await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
        known = outcome.stored;
      }
      stored = true;
    }
    throw new StoreConflictError(key);
  }

  /** Compare-and-set on the version the state was read (or written) at. */
  private async mergeAndWrite(
    places: [string, string],
    known: Known,
    merge: (state: StoredPush | null) => StoredPush | null,
    write: CasWrite,
  ): Promise<number | 'unchanged' | { stored: Known }> {
    const next = merge(known.state);
    if (!next) return 'unchanged';
    const value = Buffer.concat([
      Buffer.from(`${known.version + 1}\n`),
      deflateRawSync(JSON.stringify(next), { ...SMALL_DEFLATE, dictionary: DICTIONARY }),
    ]);
    const inHash = value.length <= IN_HASH_MAX_BYTES ? '1' : '0';
    const answer = await write(places, [String(known.version), value, inHash]);
    if (typeof answer !== 'number') return { stored: this.parse(answer as Buffer[]) };
    // A duplicate wrote nothing: what was known is still what is stored.
    if (answer === DUPLICATE) {
      if (known.state) this.remember(places[0], known.version, known.state);
    } else this.remember(places[0], known.version + 1, next);
    return answer;
  }

  private remember(key: string, version: number, state: StoredPush): void {
    this.written.set(key, { version, state });
    if (this.written.size > WRITES_REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }

  private async read(places: [string, string]): Promise<Known> {
    return this.parse((await READ.runBuffer(this.redis, places)) as Buffer[]);
  }

  /** What READ (or a CAS that did not land) answered. */
  private parse(found: Buffer[]): Known {
    if (found.length === 0) return { version: 0, state: null };
    let version: number;
    let json: string;
    if (found[0].toString() === 's') {
      const raw = found[1];
      const newline = raw.indexOf(0x0a);
      version = Number(raw.subarray(0, newline).toString());
      json = inflateRawSync(raw.subarray(newline + 1), { dictionary: DICTIONARY }).toString('utf8');
    } else {
      version = Number(found[1].toString());
      json = found[2].toString('utf8');
      // A hash with a version but no state is not something any version wrote; treat it as empty.
      if (!json) return { version, state: null };
    }
    return { version, state: storedPushSchema.parse(pushedStateWithHelpdeskId(JSON.parse(json))) };
  }
}
