import type Redis from 'ioredis';
import type { KeySpace } from './keys';

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

/** The dictionary fields whose used values the admin page lists. */
export const SEEN_FIELDS = ['types', 'queues', 'priorities', 'states'] as const;
export type SeenField = (typeof SEEN_FIELDS)[number];

const HOUR_MS = 3600_000;
const HOURLY_TTL_SECONDS = 49 * 3600;
const TICKET_ENTRIES = 20;
const TICKET_TTL_SECONDS = 30 * 24 * 3600;
const SEEN_WINDOW_MS = 30 * 24 * HOUR_MS;

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
 *   ticket:<helpdeskId>:<ticketId>   LIST of the ticket's last events and jobs, newest first
 *   seen:<helpdeskId>:<field>        ZSET value → last time a pushed ticket carried it
 */
export class RedisActivityStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private k(...parts: (string | number)[]): string {
    return this.keys.key('activity', ...parts);
  }

  async count(counter: ActivityCounter, at: Date, n = 1): Promise<void> {
    const key = this.k('hour', hourKey(at));
    await this.redis.multi().hincrby(key, counter, n).expire(key, HOURLY_TTL_SECONDS).exec();
  }

  /** The last `hours` hours, oldest first, the current hour included. */
  async hourly(now: Date, hours = 24): Promise<HourlyActivity[]> {
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

  async connectionOk(name: string, at: Date): Promise<void> {
    await this.redis.hset(this.k('conn', name), 'lastOkAt', String(at.getTime()));
  }

  async connectionError(name: string, at: Date, message: string): Promise<void> {
    await this.redis.hset(this.k('conn', name), { lastErrorAt: String(at.getTime()), lastError: message.slice(0, 500) });
  }

  async connection(name: string): Promise<ConnectionActivity> {
    const row = await this.redis.hgetall(this.k('conn', name));
    return { lastOkAt: dateOf(row.lastOkAt), lastErrorAt: dateOf(row.lastErrorAt), lastError: row.lastError };
  }

  async addTicketEntry(helpdeskId: string, ticketId: string, entry: TicketActivityEntry): Promise<void> {
    const key = this.k('ticket', helpdeskId, ticketId);
    const value = JSON.stringify({ ...entry, at: entry.at.getTime() });
    await this.redis
      .multi()
      .lpush(key, value)
      .ltrim(key, 0, TICKET_ENTRIES - 1)
      .expire(key, TICKET_TTL_SECONDS)
      .exec();
  }

  async ticketEntries(helpdeskId: string, ticketId: string): Promise<TicketActivityEntry[]> {
    const raw = await this.redis.lrange(this.k('ticket', helpdeskId, ticketId), 0, TICKET_ENTRIES - 1);
    return raw.map((r) => {
      const e = JSON.parse(r) as Omit<TicketActivityEntry, 'at'> & { at: number };
      return { ...e, at: new Date(e.at) };
    });
  }

  async markSeen(helpdeskId: string, field: SeenField, value: string, at: Date): Promise<void> {
    const key = this.k('seen', helpdeskId, field);
    await this.redis
      .multi()
      .zadd(key, at.getTime(), value)
      .zremrangebyscore(key, '-inf', at.getTime() - SEEN_WINDOW_MS)
      .exec();
  }

  /** Values seen in the last 30 days, sorted. */
  async seenValues(helpdeskId: string, field: SeenField, now: Date): Promise<string[]> {
    const values = await this.redis.zrangebyscore(this.k('seen', helpdeskId, field), now.getTime() - SEEN_WINDOW_MS, '+inf');
    return values.sort((a, b) => a.localeCompare(b));
  }
}
