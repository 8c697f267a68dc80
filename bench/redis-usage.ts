import Redis from 'ioredis';

export interface RedisUsage {
  /** Bytes (MEMORY USAGE) of the bridge's own keys: links, cursors, snapshots, echo markers... */
  stateBytes: number;
  stateKeys: number;
  /** The part of stateBytes in keys without a TTL: what stays per ticket for good. */
  durableBytes: number;
  /** Bytes of the BullMQ keys (jobs kept for inspection are bounded by removeOnComplete / removeOnFail). */
  queueBytes: number;
  queueKeys: number;
  linkedTickets: number;
  /** Bytes and keys of the bridge's state per namespace (`link`, `once`, `pushed`...). */
  byNamespace: Record<string, { bytes: number; keys: number }>;
}

/** MEMORY USAGE over every key of the run's prefix, split into the bridge's state and its queues. */
export async function redisUsage(redisUrl: string, prefix: string, linkedTickets: number): Promise<RedisUsage> {
  const redis = new Redis(redisUrl);
  const usage: RedisUsage = { stateBytes: 0, stateKeys: 0, durableBytes: 0, queueBytes: 0, queueKeys: 0, linkedTickets, byNamespace: {} };
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
          if ((await redis.pttl(key)) < 0) usage.durableBytes += bytes;
          // `link:erp-message:b3` → `link:erp-message`; `erp-ticket:<id>` → `erp-ticket`.
          const ns = key
            .slice(prefix.length + 1)
            .split(':')
            .slice(0, 2)
            .filter((part, i) => i === 0 || !/^b?\d+$/.test(part))
            .join(':');
          const entry = (usage.byNamespace[ns] ??= { bytes: 0, keys: 0 });
          entry.bytes += bytes;
          entry.keys += 1;
        }
      }
    }
  } finally {
    await redis.quit();
  }
  return usage;
}
