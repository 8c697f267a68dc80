import type Redis from 'ioredis';

/**
 * How many times `work` wrote to the connection's socket: with auto-pipelining, the commands of one tick go out in one
 * write, so this is the round trips it waited for. Each costs the service a system call and Redis a wake-up.
 */
export async function roundTripsDuring(redis: Redis, work: () => Promise<unknown>): Promise<number> {
  await redis.ping();
  const stream = (redis as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
  const write = stream.write;
  let writes = 0;
  stream.write = function counted(this: unknown, ...args: unknown[]) {
    writes += 1;
    return write.apply(this, args);
  };
  try {
    await work();
  } finally {
    stream.write = write;
  }
  return writes;
}
