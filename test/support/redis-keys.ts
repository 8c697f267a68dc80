import Redis from 'ioredis';

const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

async function scanUnder(redis: Redis, prefix: string, each: (keys: string[]) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}*`, 'COUNT', 500);
    cursor = next;
    if (found.length) await each(found);
  } while (cursor !== '0');
}

/** Deletes every key starting with the prefix (a test's own key space); with a connection, reuses it. */
export async function deleteKeysUnder(prefix: string, redis?: Redis): Promise<number> {
  const conn = redis ?? new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  let n = 0;
  try {
    await scanUnder(conn, prefix, async (keys) => {
      n += keys.length;
      await conn.unlink(...keys);
    });
  } finally {
    if (!redis) conn.disconnect();
  }
  return n;
}
