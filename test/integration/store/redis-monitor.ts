import type Redis from 'ioredis';

export interface SeenCommand {
  /** The command and its arguments, as Redis received them. */
  args: string[];
  /** The client's address ("127.0.0.1:54321"), or "lua" for a command a script ran. */
  source: string;
}

/**
 * Records every command Redis runs (MONITOR) while `work` runs, through `watcher`, a connection of the test's own;
 * what `work` sent is all in once the connection it used has answered a PING sent after it.
 */
export async function commandsDuring(watcher: Redis, used: Redis, work: () => Promise<void>): Promise<SeenCommand[]> {
  const monitor = await watcher.monitor();
  const seen: SeenCommand[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => seen.push({ args, source }));
  try {
    await work();
    await used.ping();
    // MONITOR's feed trails the replies a little.
    await new Promise((r) => setTimeout(r, 100));
    return seen;
  } finally {
    monitor.disconnect();
  }
}

/** The address of a connection as MONITOR names it. */
export async function clientAddress(redis: Redis): Promise<string> {
  return /addr=(\S+)/.exec(await redis.client('INFO'))![1];
}
