import { ConnectionError, InvalidRequestError, RateLimitedError, ServerError, TimeoutError } from '../../../src/plugin-sdk';
import { AdaptiveLimiter, type LimitChange } from '../../../src/erp/dolibarr/limiter';

const d = { system: 'dolibarr', method: 'GET', path: '/x' };

/** A limiter on a fake clock: `call(ms)` is a task that takes `ms` of that clock. */
function setup(maxConcurrency: number, ratePerSecond?: number) {
  const clock = { now: 1_000 };
  const waits: number[] = [];
  const changes: LimitChange[] = [];
  const limiter = new AdaptiveLimiter({
    maxConcurrency,
    ratePerSecond,
    sleep: async (ms) => {
      waits.push(ms);
      clock.now += ms;
    },
    now: () => clock.now,
    onChange: (c) => changes.push(c),
  });
  const call = (ms: number, endpoint = 'GET /tickets/{id}') =>
    limiter.run(async () => {
      clock.now += ms;
      return ms;
    }, endpoint);
  const failing = (err: Error) => limiter.run(async () => Promise.reject(err)).catch(() => undefined);
  return { limiter, clock, waits, changes, call, failing };
}

describe('adaptive limiter', () => {
  it('never lets more than the limit run at once, and runs them all', async () => {
    const { limiter } = setup(2);
    let inFlight = 0;
    let maxSeen = 0;
    const releases: Array<() => void> = [];
    const task = () =>
      new Promise<number>((resolve) => {
        inFlight += 1;
        maxSeen = Math.max(maxSeen, inFlight);
        releases.push(() => {
          inFlight -= 1;
          resolve(inFlight);
        });
      });
    const all = Promise.all(Array.from({ length: 7 }, () => limiter.run(task)));
    for (let i = 0; i < 7; i += 1) {
      await new Promise((r) => setImmediate(r));
      expect(inFlight).toBeLessThanOrEqual(2);
      releases.shift()?.();
    }
    await all;
    expect(maxSeen).toBe(2);
  });

  it('frees the slot when a task fails', async () => {
    const { limiter } = setup(1);
    await expect(limiter.run(async () => Promise.reject(new ConnectionError('x', d)))).rejects.toBeInstanceOf(ConnectionError);
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });

  it('sets no rate of its own: calls start without waiting', async () => {
    const { call, waits } = setup(4);
    await Promise.all(Array.from({ length: 20 }, () => call(10)));
    expect(waits).toEqual([]);
  });

  it('spaces request starts by 1/rate seconds when a rate cap is configured', async () => {
    const { call, waits, clock } = setup(10, 4);
    await Promise.all([call(0), call(0), call(0)]);
    expect(waits).toEqual([250, 250]);
    clock.now += 10_000;
    await call(0);
    expect(waits).toEqual([250, 250]);
  });

  it('halves the limit on a 429 and holds new calls back for its Retry-After', async () => {
    const { limiter, failing, call, waits, changes } = setup(8);
    await failing(new RateLimitedError('slow down', { ...d, status: 429, retryAfterMs: 2000 }));
    expect(limiter.limit).toBe(4);
    expect(changes).toEqual([expect.objectContaining({ limit: 4, previous: 8, reason: 'rate-limited', pauseMs: 2000 })]);
    await call(10);
    expect(waits).toEqual([2000]);
  });

  it('halves the limit on a bare 503 and on a timeout, down to one call at a time', async () => {
    const { limiter, failing, changes, clock } = setup(4);
    await failing(new ServerError('busy', { ...d, status: 503, transient: true }));
    clock.now += 1000;
    await failing(new TimeoutError('slow', d));
    clock.now += 1000;
    await failing(new TimeoutError('slow', d));
    expect(limiter.limit).toBe(1);
    expect(changes.map((c) => c.reason)).toEqual(['unavailable', 'timeout']);
  });

  it('halves once for the calls that were refused together', async () => {
    const { limiter, failing } = setup(8);
    await Promise.all(Array.from({ length: 4 }, () => failing(new RateLimitedError('slow down', { ...d, status: 429 }))));
    expect(limiter.limit).toBe(4);
  });

  it('is not slowed by failures that say nothing about load (400, SQL 503, connection refused)', async () => {
    const { limiter, failing, changes } = setup(4);
    await failing(new InvalidRequestError('bad', { ...d, status: 400 }));
    await failing(new ServerError('sql', { ...d, status: 503, transient: false }));
    await failing(new ConnectionError('refused', d));
    expect(limiter.limit).toBe(4);
    expect(changes).toEqual([]);
  });

  it('raises the limit back to its maximum while calls are answered at normal speed', async () => {
    const { limiter, failing, call, changes } = setup(4);
    await failing(new ServerError('busy', { ...d, status: 503, transient: true }));
    expect(limiter.limit).toBe(2);
    for (let i = 0; i < 20; i += 1) await call(15);
    expect(limiter.limit).toBe(4);
    expect(changes.filter((c) => c.reason === 'recovered').map((c) => c.limit)).toEqual([3, 4]);
  });

  it('lowers the limit when latency climbs well above its unloaded level, and not for steady latency', async () => {
    const { limiter, call, changes } = setup(4);
    for (let i = 0; i < 30; i += 1) await call(15);
    expect(changes).toEqual([]);
    for (let i = 0; i < 30; i += 1) await call(300);
    expect(limiter.limit).toBeLessThan(4);
    expect(changes[0]).toEqual(expect.objectContaining({ reason: 'latency', previous: 4, limit: 3 }));
  });

  it('judges each endpoint against its own unloaded latency: slow list pages beside fast reads are no alarm', async () => {
    const { limiter, call, changes } = setup(4);
    for (let i = 0; i < 40; i += 1) await call(i % 4 === 0 ? 400 : 12, i % 4 === 0 ? 'GET /tickets' : 'GET /tickets/{id}');
    expect(limiter.limit).toBe(4);
    expect(changes).toEqual([]);
  });
});
