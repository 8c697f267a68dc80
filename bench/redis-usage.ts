import Redis from 'ioredis';

export interface RedisUsage {
  /** Bytes (MEMORY USAGE) of the bridge's own keys: links, cursors, snapshots, echo markers... */
  stateBytes: number;
  stateKeys: number;
  /** Bytes of the BullMQ keys (jobs kept for inspection are bounded by removeOnComplete / removeOnFail). */
  queueBytes: number;
  queueKeys: number;
  linkedTickets: number;
}

/** MEMORY USAGE over every key of the run's prefix, split into the bridge's state and its queues. */
export async function redisUsage(redisUrl: string, prefix: string, linkedTickets: number): Promise<RedisUsage> {
  const redis = new Redis(redisUrl);
  const usage: RedisUsage = { stateBytes: 0, stateKeys: 0, queueBytes: 0, queueKeys: 0, linkedTickets };
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) {
      for (const key of keys) {
        const bytes = Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
        if (key.startsWith(`${prefix}:bull:`)) {
          usage.queueBytes += bytes;
          usage.queueKeys += 1;
        } else {
          usage.stateBytes += bytes;
          usage.stateKeys += 1;
        }
      }
    }
  } finally {
    await redis.quit();
  }
  return usage;
}
