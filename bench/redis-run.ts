import Redis from 'ioredis';
import { deleteKeysUnder } from '../test/support/redis-keys';

/**
 * The run's keys use the service's default prefix (`tb`), as a deployment's would: MEMORY USAGE counts key names,
 * and the per-run prefix the bench used before (`tb-bench-<run id>`) added ~150 bytes per ticket that no
 * deployment pays. A Redis database of the bench's own keeps runs apart from anything else on the server.
 */
export const RUN_PREFIX = 'tb';

export function runRedisUrl(redisUrl: string, db: number): string {
  const url = new URL(redisUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

function keysUnder(redis: Redis, prefix: string): AsyncIterable<string[]> {
  return redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>;
}

/** Refuses a database that already holds such keys: another run is going on, or one was killed before its cleanup. */
export async function assertNoKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    for await (const keys of keysUnder(redis, prefix)) {
      if (keys.length) {
        throw new Error(
          `Redis ${redisUrl} already holds ${prefix}:* keys (e.g. ${keys[0]}): another bench is running, or an earlier one was ` +
            `stopped before its cleanup. Remove them (redis-cli -n <db> --scan --pattern '${prefix}:*' | xargs redis-cli -n <db> unlink) or pick --redis-db.`,
        );
      }
    }
  } finally {
    await redis.quit();
  }
}

export async function deleteKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    return await deleteKeysUnder(`${prefix}:`, redis);
  } finally {
    await redis.quit();
  }
}

/** Seconds since 2026 in base 36 (5 characters until late 2027): in every ticket id, so as short as a real one. */
export function newRunId(now = Date.now()): string {
  return Math.floor((now - Date.UTC(2026, 0, 1)) / 1000).toString(36);
}
