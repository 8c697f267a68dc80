import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type Redis from 'ioredis';
import { loadConfig } from '../../../src/config';
import { JobQueues, startWorkers, type JobWorkers } from '../../../src/jobs';
import { getLogger } from '../../../src/logging/logger';
import { createRedis, KeySpace, RedisPollCursors, TicketLocks } from '../../../src/store';
import { deleteKeysUnder } from '../../support/redis-keys';
import { waitFor } from '../jobs/job-env';

/**
 * The bridge through Redis Sentinel: a real Sentinel (redis-server --sentinel, in the Debian redis-server package)
 * watching the test Redis on 127.0.0.1:6379 under a name of its own. Nothing fails over: the test shows that the
 * store and the BullMQ queues find the primary by asking the Sentinel. Skipped, saying why, where redis-server is
 * missing; TB_SENTINEL_REQUIRED=1 (CI) makes that a failure.
 */
const PRIMARY = { host: '127.0.0.1', port: 6379 };

function redisServerVersion(): string | null {
  try {
    return execFileSync('redis-server', ['--version'], { encoding: 'utf8' });
  } catch {
    return null;
  }
}

const available = redisServerVersion() !== null;
if (!available) {
  const why = 'redis-server is not installed (Debian/Ubuntu: apt-get install redis-server, which ships Sentinel)';
  if (process.env.TB_SENTINEL_REQUIRED === '1') throw new Error(`Sentinel test required but ${why}`);
  console.warn(`Skipping the Redis Sentinel test: ${why}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

(available ? describe : describe.skip)('Redis Sentinel', () => {
  const name = `tb-test-${randomBytes(4).toString('hex')}`;
  const keys = new KeySpace(`tbtest:sentinel:${process.pid}:${randomBytes(4).toString('hex')}`);
  let dir: string;
  let sentinel: ChildProcess;
  let sentinelPort: number;
  const connections: Redis[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-sentinel-'));
    sentinelPort = await freePort();
    const conf = path.join(dir, 'sentinel.conf');
    // Sentinel rewrites its config file, so it lives in a directory of its own. A long down-after: no failover.
    fs.writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} ${PRIMARY.host} ${PRIMARY.port} 1`,
        `sentinel down-after-milliseconds ${name} 600000`,
        '',
      ].join('\n'),
    );
    sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    const probe = createRedis({ url: `redis://127.0.0.1:${sentinelPort}` }, { ioredis: { lazyConnect: true, retryStrategy: () => 100 } });
    connections.push(probe);
    await waitFor(
      async () => {
        try {
          const addr = (await probe.call('SENTINEL', 'get-master-addr-by-name', name)) as string[] | null;
          return addr?.[1] === String(PRIMARY.port);
        } catch {
          return false;
        }
      },
      'the Sentinel to answer for the primary',
      15_000,
    );
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    sentinel?.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sentinelConfig = () =>
    loadConfig({
      env: {
        DOLIBARR_API_KEY: 'k'.repeat(32),
        REDIS_URL: 'redis://127.0.0.1:1', // not used with Sentinels: nothing listens there
        TB__redis__sentinels: JSON.stringify([{ host: '127.0.0.1', port: sentinelPort }]),
        TB__redis__sentinelName: name,
      },
    }).redis;

  it('the store finds the primary through the Sentinel', async () => {
    const config = sentinelConfig();
    expect(config).toMatchObject({ sentinels: [{ host: '127.0.0.1', port: sentinelPort }], sentinelName: name });
    const redis = createRedis(config, { connectionName: 'test-sentinel-store' });
    connections.push(redis);
    const cursors = new RedisPollCursors(redis, keys);
    await cursors.set('znuny', 'cursor-1');
    expect(await cursors.get('znuny')).toBe('cursor-1');
    // The very key, read straight from the primary.
    const direct = createRedis(`redis://${PRIMARY.host}:${PRIMARY.port}`);
    connections.push(direct);
    expect(await direct.get(keys.key('cursor', 'znuny'))).toBe('cursor-1');
    await deleteKeysUnder(keys.prefix, direct);
  });

  it('a BullMQ queue and its workers run jobs through the Sentinel', async () => {
    const config = sentinelConfig();
    const store = createRedis(config, { connectionName: 'test-sentinel-locks' });
    const connection = createRedis(config, { forQueues: true, connectionName: 'test-sentinel-queues' });
    connections.push(store, connection);
    const queues = new JobQueues({ connection, prefix: keys.queuePrefix, coalesceMs: 10, retryDefaults: { attempts: 1, backoffMs: 10 } });
    const mirrored: string[] = [];
    let workers: JobWorkers | undefined;
    try {
      workers = startWorkers({
        connection,
        prefix: keys.queuePrefix,
        handlers: { 'mirror-ticket': async (p) => void mirrored.push(p.ticketId) },
        concurrency: 2,
        locks: new TicketLocks(store, keys),
        logger: getLogger('test.sentinel'),
      });
      await queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '41' });
      await queues.enqueue('mirror-ticket', { helpdeskId: 'znuny', ticketId: '42' });
      await waitFor(() => mirrored.length === 2, 'both jobs run', 15_000);
      expect(mirrored.sort()).toEqual(['41', '42']);
    } finally {
      await workers?.close();
      await queues.close();
      await deleteKeysUnder(keys.prefix, store);
    }
  });
});
