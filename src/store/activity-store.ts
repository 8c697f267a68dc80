import type Redis from 'ioredis';
import { CHUNK_FUNCTIONS, READ_CHUNKS } from './hash-chunks';
import type { KeySpace } from './keys';
import { LuaScript } from './lua-script';
import { ACTIVITY_CHUNKS, marksKey } from './recent-marks';

export type ActivityCounter = 'events' | 'done' | 'failed';

export interface HourlyActivity {
  /** Start of the hour. */
  hour: Date;
  events: number;
  done: number;
  failed: number;
}

export interface ConnectionActivity {
  lastOkAt?: Date;
  lastErrorAt?: Date;
  lastError?: string;
}

export interface TicketActivityEntry {
  at: Date;
  kind: 'event' | 'job';
  /** Event type or job name. */
  what: string;
  outcome: 'accepted' | 'done' | 'retrying' | 'failed';
  detail?: string;
}

/** `[at ms, kind, what, outcome, detail?]`, or an object with these names: what earlier versions listed. */
type ListedEntry = [number, TicketActivityEntry['kind'], string, TicketActivityEntry['outcome'], string?];

/**
 * A ticket's entries are kept as one value, newest first, a line each: `<Unix seconds, base 36><kind><outcome><what>`,
 * then a tab and the detail as JSON when there is one. Kind and outcome are one letter; the commonest names a number
 * (their index below: append only, stored entries name them). A list of JSON arrays cost ~580 bytes per ticket.
 */
const KINDS: Record<TicketActivityEntry['kind'], string> = { event: 'E', job: 'J' };
const OUTCOMES: Record<TicketActivityEntry['outcome'], string> = { accepted: 'A', done: 'D', retrying: 'R', failed: 'F' };
const COMMON_NAMES = ['ticket.upserted', 'article.added', 'ticket.changed', 'mirror-ticket', 'deliver-update', 'reflect-erp'];
const LINE = /^([0-9a-z]+)([EJ])([ADRF])([^\t]*)(?:\t(.*))?$/;

function byCode<T extends string>(codes: Record<T, string>, code: string): T {
  return (Object.keys(codes) as T[]).find((k) => codes[k] === code) as T;
}

function encodeEntry(entry: TicketActivityEntry): string {
  const name = COMMON_NAMES.indexOf(entry.what);
  const head = `${Math.floor(entry.at.getTime() / 1000).toString(36)}${KINDS[entry.kind]}${OUTCOMES[entry.outcome]}${name >= 0 ? name : entry.what}`;
  return entry.detail === undefined ? head : `${head}\t${JSON.stringify(entry.detail)}`;
}

function decodeEntry(line: string): TicketActivityEntry | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const [, seconds, kind, outcome, what, detail] = m;
  const entry: TicketActivityEntry = {
    at: new Date(parseInt(seconds, 36) * 1000),
    kind: byCode(KINDS, kind),
    what: /^\d+$/.test(what) ? (COMMON_NAMES[Number(what)] ?? what) : what,
    outcome: byCode(OUTCOMES, outcome),
  };
  if (detail !== undefined) entry.detail = JSON.parse(detail) as string;
  return entry;
}

function decodeListed(raw: string): TicketActivityEntry {
  const e = JSON.parse(raw) as ListedEntry | (Omit<TicketActivityEntry, 'at'> & { at: number });
  if (!Array.isArray(e)) return { ...e, at: new Date(e.at) };
  const [at, kind, what, outcome, detail] = e;
  return detail === undefined ? { at: new Date(at), kind, what, outcome } : { at: new Date(at), kind, what, outcome, detail };
}

// Prepends ARGV[1] (new lines, newest first) to the ARGV[2] newest lines kept, in the ticket's marks hash, which then
// lives at least ARGV[3] seconds.
const ADD_ENTRIES = new LuaScript(`${CHUNK_FUNCTIONS}
local keep = tonumber(ARGV[2])
local value = ARGV[1]
local old = read_chunks(KEYS[1], '${ACTIVITY_CHUNKS}')
if keep > 0 and old ~= '' then
  local pos, count = 0, 0
  while count < keep do
    local nl = string.find(old, '\\n', pos + 1, true)
    count = count + 1
    if not nl then
      pos = #old + 1
      break
    end
    pos = nl
  end
  if pos > 1 then value = value .. '\\n' .. string.sub(old, 1, pos - 1) end
end
write_chunks(KEYS[1], '${ACTIVITY_CHUNKS}', value)
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('EXPIRE', KEYS[1], ARGV[3]) end`);

/** The dictionary fields whose used values the admin page lists. */
export const SEEN_FIELDS = ['types', 'queues', 'priorities', 'states'] as const;
export type SeenField = (typeof SEEN_FIELDS)[number];

const HOUR_MS = 3600_000;
const HOURLY_TTL_SECONDS = 49 * 3600;
const TICKET_ENTRIES = 20;
const TICKET_TTL_SECONDS = 30 * 24 * 3600;
const SEEN_WINDOW_MS = 30 * 24 * HOUR_MS;
/** How long counters and connection successes wait in memory before they are written together. */
const FLUSH_AFTER_MS = 1000;
/** A value marked seen within this time is not written again: the admin page lists values of the last 30 days. */
const SEEN_REWRITE_MS = 10 * 60_000;
/** Bounds the memory of values marked seen (a helpdesk sending ever new names would grow it forever). */
const SEEN_REMEMBERED = 1000;

function hourKey(at: Date): string {
  return at.toISOString().slice(0, 13);
}

function dateOf(raw: string | undefined): Date | undefined {
  return raw ? new Date(Number(raw)) : undefined;
}

/**
 * What the admin page shows about recent work, under `<prefix>activity:`:
 *   hour:<yyyy-mm-ddThh>         HASH events/done/failed counters (kept 49 h)
 *   conn:<name>                  HASH lastOkAt/lastErrorAt (ms) and lastError
 *   seen:<helpdeskId>:<field>        ZSET value → last time a pushed ticket carried it
 * A ticket's last events and jobs, newest first, a line each, are kept 30 days in the ticket's marks hash
 * (`marks:<helpdeskId>:<ticketId>`, fields `~0`, `~1`, …): a key of their own cost ~70 bytes more per ticket. Earlier
 * versions kept them in `t:<helpdeskId>:<ticketId>` (a STRING) and before that `ticket:…` (a LIST of JSON arrays);
 * both are still read until they expire.
 * Hourly counters and connection successes are summed in memory, ticket entries held, and all written once a second
 * (a ticket's entries in one script call instead of one per event and job), and a value seen is
 * written again only after SEEN_REWRITE_MS: written per event, they cost the service more Redis commands than the
 * event's own work. Reads and close() write what is waiting first.
 */
export class RedisActivityStore {
  private readonly waitingCounts = new Map<string, Map<ActivityCounter, number>>();
  private readonly waitingOk = new Map<string, number>();
  /** Encoded ticket entries by key, newest first. */
  private readonly waitingEntries = new Map<string, string[]>();
  private readonly seenWrittenAt = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
    /** Told when a timed write fails; what it held is kept for the next one. */
    private readonly onFlushError: (err: unknown) => void,
  ) {}

  private k(...parts: (string | number)[]): string {
    return this.keys.key('activity', ...parts);
  }

  count(counter: ActivityCounter, at: Date, n = 1): Promise<void> {
    this.addCount(hourKey(at), counter, n);
    this.flushSoon();
    return Promise.resolve();
  }

  private addCount(hour: string, counter: ActivityCounter, n: number): void {
    const counts = this.waitingCounts.get(hour) ?? new Map<ActivityCounter, number>();
    counts.set(counter, (counts.get(counter) ?? 0) + n);
    this.waitingCounts.set(hour, counts);
  }

  private flushSoon(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush().catch(this.onFlushError);
    }, FLUSH_AFTER_MS);
    this.flushTimer.unref();
  }

  /** Writes the counters, connection successes and ticket entries waiting in memory; on failure they wait for the next write. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const entries = new Map(this.waitingEntries);
    this.waitingEntries.clear();
    const written = await Promise.allSettled([this.flushCounts(), ...[...entries].map(([key, lines]) => this.writeEntries(key, lines))]);
    const failed = written.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      this.flushSoon();
      throw failed.reason;
    }
  }

  private async flushCounts(): Promise<void> {
    if (this.waitingCounts.size === 0 && this.waitingOk.size === 0) return;
    const counts = new Map(this.waitingCounts);
    const ok = new Map(this.waitingOk);
    this.waitingCounts.clear();
    this.waitingOk.clear();
    const tx = this.redis.multi();
    for (const [hour, byCounter] of counts) {
      const key = this.k('hour', hour);
      for (const [counter, n] of byCounter) tx.hincrby(key, counter, n);
      tx.expire(key, HOURLY_TTL_SECONDS);
    }
    for (const [name, at] of ok) tx.hset(this.k('conn', name), 'lastOkAt', String(at));
    try {
      await tx.exec();
    } catch (err) {
      for (const [hour, byCounter] of counts) for (const [counter, n] of byCounter) this.addCount(hour, counter, n);
      for (const [name, at] of ok) if ((this.waitingOk.get(name) ?? 0) < at) this.waitingOk.set(name, at);
      throw err;
    }
  }

  private async writeEntries(key: string, lines: string[]): Promise<void> {
    try {
      await ADD_ENTRIES.run(this.redis, [key], [lines.join('\n'), String(TICKET_ENTRIES - lines.length), String(TICKET_TTL_SECONDS)]);
    } catch (err) {
      // Entries added since are newer: they stay in front.
      this.waitingEntries.set(key, [...(this.waitingEntries.get(key) ?? []), ...lines].slice(0, TICKET_ENTRIES));
      throw err;
    }
  }

  /** The last `hours` hours, oldest first, the current hour included. */
  async hourly(now: Date, hours = 24): Promise<HourlyActivity[]> {
    await this.flush();
    const start = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - (hours - 1) * HOUR_MS;
    const slots = Array.from({ length: hours }, (_, i) => new Date(start + i * HOUR_MS));
    const pipeline = this.redis.pipeline();
    for (const hour of slots) pipeline.hgetall(this.k('hour', hourKey(hour)));
    const results = (await pipeline.exec()) ?? [];
    return slots.map((hour, i) => {
      const row = (results[i]?.[1] ?? {}) as Record<string, string>;
      return { hour, events: Number(row.events ?? 0), done: Number(row.done ?? 0), failed: Number(row.failed ?? 0) };
    });
  }

  connectionOk(name: string, at: Date): Promise<void> {
    if ((this.waitingOk.get(name) ?? 0) < at.getTime()) this.waitingOk.set(name, at.getTime());
    this.flushSoon();
    return Promise.resolve();
  }

  async connectionError(name: string, at: Date, message: string): Promise<void> {
    await this.redis.hset(this.k('conn', name), { lastErrorAt: String(at.getTime()), lastError: message.slice(0, 500) });
  }

  async connection(name: string): Promise<ConnectionActivity> {
    await this.flush();
    const row = await this.redis.hgetall(this.k('conn', name));
    return { lastOkAt: dateOf(row.lastOkAt), lastErrorAt: dateOf(row.lastErrorAt), lastError: row.lastError };
  }

  addTicketEntry(helpdeskId: string, ticketId: string, entry: TicketActivityEntry): Promise<void> {
    const key = marksKey(this.keys, { helpdeskId, ticketId });
    this.waitingEntries.set(key, [encodeEntry(entry), ...(this.waitingEntries.get(key) ?? [])].slice(0, TICKET_ENTRIES));
    this.flushSoon();
    return Promise.resolve();
  }

  /** Newest first; what earlier versions kept (`t:…`, then `ticket:…`, expiring within 30 days) follows. */
  async ticketEntries(helpdeskId: string, ticketId: string): Promise<TicketActivityEntry[]> {
    await this.flush();
    const [lines, earlierLines, listed] = await Promise.all([
      READ_CHUNKS.run(this.redis, [marksKey(this.keys, { helpdeskId, ticketId })], [ACTIVITY_CHUNKS]) as Promise<string>,
      this.redis.get(this.k('t', helpdeskId, ticketId)),
      this.redis.lrange(this.k('ticket', helpdeskId, ticketId), 0, TICKET_ENTRIES - 1),
    ]);
    const current = [lines, earlierLines ?? '']
      .flatMap((text) => (text ? text.split('\n') : []))
      .map(decodeEntry)
      .filter((e): e is TicketActivityEntry => e !== null);
    return [...current, ...listed.map(decodeListed)].slice(0, TICKET_ENTRIES);
  }

  async markSeen(helpdeskId: string, field: SeenField, value: string, at: Date): Promise<void> {
    const remembered = `${helpdeskId}\n${field}\n${value}`;
    const writtenAt = this.seenWrittenAt.get(remembered);
    if (writtenAt !== undefined && at.getTime() - writtenAt < SEEN_REWRITE_MS) return;
    if (this.seenWrittenAt.size >= SEEN_REMEMBERED) this.seenWrittenAt.clear();
    this.seenWrittenAt.set(remembered, at.getTime());
    const key = this.k('seen', helpdeskId, field);
    try {
      await this.redis
        .multi()
        .zadd(key, at.getTime(), value)
        .zremrangebyscore(key, '-inf', at.getTime() - SEEN_WINDOW_MS)
        .exec();
    } catch (err) {
      this.seenWrittenAt.delete(remembered);
      throw err;
    }
  }

  /** Values seen in the last 30 days, sorted. */
  async seenValues(helpdeskId: string, field: SeenField, now: Date): Promise<string[]> {
    const values = await this.redis.zrangebyscore(this.k('seen', helpdeskId, field), now.getTime() - SEEN_WINDOW_MS, '+inf');
    return values.sort((a, b) => a.localeCompare(b));
  }
}
