import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

/**
 * Marks that matter for a while (ids of events seen, of updates delivered), kept together in one HASH per ticket:
 * field = a short digest of the id, value = when it was marked (Unix seconds). A key of its own per mark cost ~130
 * bytes; a field of a small hash costs ~20. The hash lives as long as its newest mark, and older marks are dropped by
 * their time whenever one is added, so a long-lived ticket keeps only its recent marks.
 */

/** 8 base64url characters (48 bits) of the id's SHA-256: a collision among one ticket's marks is out of reach. */
function field(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 8);
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

// Returns 0 when the mark is held and recent; otherwise adds it, drops the lapsed ones and extends the hash's life.
const ADD = `
local now = tonumber(ARGV[2])
local since = now - tonumber(ARGV[3])
local held = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '')
if held and held > since then return 0 end
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if (tonumber(all[i + 1]) or 0) <= since then redis.call('HDEL', KEYS[1], all[i]) end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1`;

/** Adds the mark; false when it was already there within ttlSeconds. */
export async function addRecentMark(redis: Redis, key: string, id: string, ttlSeconds: number): Promise<boolean> {
  return (await redis.eval(ADD, 1, key, field(id), String(nowSeconds()), String(ttlSeconds))) === 1;
}

/** Whether the mark was added within the last ttlSeconds. */
export async function hasRecentMark(redis: Redis, key: string, id: string, ttlSeconds: number): Promise<boolean> {
  const at = await redis.hget(key, field(id));
  return at !== null && Number(at) > nowSeconds() - ttlSeconds;
}
