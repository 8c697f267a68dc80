import type Redis from 'ioredis';
import type { DurationMemory, ErpStatusMemory, HelpdeskStateMemory, LastNoteMemory, TicketKey } from '../sync/ports';
import type { KeySpace } from './keys';
import { IdBuckets } from './id-buckets';
import { WriteBatch } from './write-batch';
import { MIRRORED_STATE_FIELD, ticketHashKey } from './link-store';

/**
 * Earlier versions kept these values as cursors (`cursor:erp-status:<id>`, `cursor:hd-state:…`,
 * `cursor:hd-state-delivered:…`, `cursor:duration:<id>`). Reading the old key when the new one is missing lets
 * an upgraded bridge keep its memory: without it, every ERP status would be reported to the helpdesk again. Both are
 * read in one round trip: the new key is missing whenever nothing was remembered yet, which is most reads.
 */
async function getOrLegacy(redis: Redis, key: string, legacyKey: string): Promise<string | null> {
  const [current, legacy] = await Promise.all([redis.get(key), redis.get(legacyKey)]);
  return current ?? legacy;
}

function numberOrNull(raw: string | null): number | null {
  return raw === null || raw === '' ? null : Number(raw);
}

/** `<prefix>erp-status:b<n>` HASH erpId → status (IdBuckets; one key per ERP ticket before), kept forever. */
export class RedisErpStatusMemory implements ErpStatusMemory {
  private readonly buckets: IdBuckets;

  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {
    this.buckets = new IdBuckets(redis, keys.key('erp-status'));
  }

  async get(erpId: number): Promise<number | null> {
    const [current, legacy] = await Promise.all([this.buckets.get(erpId), this.redis.get(this.keys.key('cursor', 'erp-status', erpId))]);
    return numberOrNull(current ?? legacy);
  }

  async set(erpId: number, status: number): Promise<void> {
    const tx = new WriteBatch();
    this.buckets.set(tx, erpId, String(status));
    await tx.run(this.redis);
  }
}

/**
 * The state last mirrored is a field of the ticket's hash (`link:t:…`, link-store; `hd-state:mirrored:<helpdeskId>:<ticketId>`
 * before, still read), kept forever; the state last delivered is `hd-state:delivered:<helpdeskId>:<ticketId>`, until read.
 */
export class RedisHelpdeskStateMemory implements HelpdeskStateMemory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async getMirrored(key: TicketKey): Promise<string | null> {
    const [current, earlier] = await Promise.all([
      this.redis.hget(ticketHashKey(this.keys, key), MIRRORED_STATE_FIELD),
      getOrLegacy(
        this.redis,
        this.keys.key('hd-state', 'mirrored', key.helpdeskId, key.ticketId),
        this.keys.key('cursor', 'hd-state', key.helpdeskId, key.ticketId),
      ),
    ]);
    return current ?? earlier;
  }

  async setMirrored(key: TicketKey, state: string): Promise<void> {
    await new WriteBatch()
      .hset(ticketHashKey(this.keys, key), MIRRORED_STATE_FIELD, state)
      .del(this.keys.key('hd-state', 'mirrored', key.helpdeskId, key.ticketId))
      .run(this.redis);
  }

  /** Where the delivered state is, and where earlier versions kept it. */
  private deliveredKeys(key: TicketKey): [string, string] {
    return [
      this.keys.key('hd-state', 'delivered', key.helpdeskId, key.ticketId),
      this.keys.key('cursor', 'hd-state-delivered', key.helpdeskId, key.ticketId),
    ];
  }

  async takeDelivered(key: TicketKey): Promise<string | null> {
    const [current, legacy] = await Promise.all(this.deliveredKeys(key).map((k) => this.redis.getdel(k)));
    return current || legacy || null;
  }

  async getDelivered(key: TicketKey): Promise<string | null> {
    const [current, legacy] = await Promise.all(this.deliveredKeys(key).map((k) => this.redis.get(k)));
    return current || legacy || null;
  }

  async setDelivered(key: TicketKey, state: string): Promise<void> {
    await this.redis.set(this.deliveredKeys(key)[0], state);
  }
}

/** `<prefix>duration:<erpId>` in seconds, kept forever. */
export class RedisDurationMemory implements DurationMemory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async get(erpId: number): Promise<number | null> {
    return numberOrNull(await getOrLegacy(this.redis, this.keys.key('duration', erpId), this.keys.key('cursor', 'duration', erpId)));
  }

  async set(erpId: number, seconds: number): Promise<void> {
    await this.redis.set(this.keys.key('duration', erpId), String(seconds));
  }
}

/** `<prefix>last-note:<helpdeskId>:<ticketId>`, kept forever. */
export class RedisLastNoteMemory implements LastNoteMemory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  get(key: TicketKey): Promise<string | null> {
    return this.redis.get(this.keys.key('last-note', key.helpdeskId, key.ticketId));
  }

  async set(key: TicketKey, fingerprint: string): Promise<void> {
    await this.redis.set(this.keys.key('last-note', key.helpdeskId, key.ticketId), fingerprint);
  }
}
