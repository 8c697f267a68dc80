import type Redis from 'ioredis';
import type { Writes } from './write-batch';

/**
 * Values keyed by a numeric ERP id, many to one hash: `<base>:b<floor(id / 128)>`, field `<id>`. A key of its own
 * costs Redis about 90 bytes before its value, a field of a small hash about 10; ERP ids are dense, so buckets
 * fill, and 128 entries stay within Redis' default compact (listpack) hash size. Values written before, one key
 * per id (`<base>:<id>`), are still read; `b` keeps the two layouts from meeting on one key name.
 */
const BUCKET_SIZE = 128;

export class IdBuckets {
  constructor(
    private readonly redis: Redis,
    /** The key without its last part, e.g. `<prefix>link:erp-message`. */
    private readonly base: string,
  ) {}

  bucketKey(id: number): string {
    return `${this.base}:b${Math.floor(id / BUCKET_SIZE)}`;
  }

  legacyKey(id: number): string {
    return `${this.base}:${id}`;
  }

  /**
   * The value, from the bucket or else from the key earlier versions wrote: both commands issued at once, so an
   * auto-pipelined connection sends them, and whatever else the caller issues in the same tick, in one write.
   */
  async get(id: number): Promise<string | null> {
    const [bucketed, earlier] = await Promise.all([this.redis.hget(this.bucketKey(id), String(id)), this.redis.get(this.legacyKey(id))]);
    return bucketed ?? earlier;
  }

  /** Adds the write to a transaction; the legacy key goes, so a later delete cannot leave it behind. */
  set(tx: Writes, id: number, value: string): void {
    tx.hset(this.bucketKey(id), String(id), value);
    tx.del(this.legacyKey(id));
  }

  remove(tx: Writes, id: number): void {
    tx.hdel(this.bucketKey(id), String(id));
    tx.del(this.legacyKey(id));
  }
}

/** EXEC reports per-command errors in its result instead of rejecting: surface them. */
export async function exec(tx: ReturnType<Redis['multi']>): Promise<void> {
  const results = await tx.exec();
  if (!results) throw new Error('Redis transaction aborted');
  for (const [err] of results) if (err) throw err;
}
