import Redis from 'ioredis';

/** Redis' own counters (INFO stats), over every client of the server. */
export interface RedisTraffic {
  /** Socket reads Redis made: what clients sent while it was busy is read at once, so at most one per round trip. */
  reads: number;
  /** Commands run, those a script ran included. */
  commands: number;
}

function stat(info: string, name: string): number {
  const m = new RegExp(`^${name}:(\\d+)`, 'm').exec(info);
  if (!m) throw new Error(`Redis INFO stats has no ${name}`);
  return Number(m[1]);
}

export async function redisTraffic(redisUrl: string): Promise<RedisTraffic> {
  const redis = new Redis(redisUrl);
  try {
    const info = await redis.info('stats');
    return { reads: stat(info, 'total_reads_processed'), commands: stat(info, 'total_commands_processed') };
  } finally {
    redis.disconnect();
  }
}

/** What was counted between two readings, less the reading itself (a connection and one INFO). */
export function trafficBetween(start: RedisTraffic, end: RedisTraffic): RedisTraffic {
  return { reads: end.reads - start.reads - 1, commands: end.commands - start.commands - 1 };
}
