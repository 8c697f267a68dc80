import { LockBusyError, TicketLocks } from '../../../src/store';
import { retryDecision } from '../../../src/plugin-sdk';
import { redisEnv, type RedisEnv } from './redis-env';

describe('TicketLocks', () => {
  let env: RedisEnv;
  let locks: TicketLocks;
  beforeEach(() => {
    env = redisEnv('locks');
    locks = new TicketLocks(env.redis, env.keys);
  });
  afterEach(() => env.cleanup());

  it('gives a key to one holder at a time and frees it on release', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => locks.acquire('ticket:znuny:1', 5000)));
    const held = results.filter((l) => l !== null);
    expect(held).toHaveLength(1);
    expect(await locks.acquire('ticket:znuny:2', 5000)).not.toBeNull();
    expect(await locks.release(held[0]!)).toBe(true);
    expect(await locks.isLocked('ticket:znuny:1')).toBe(false);
    expect(await locks.acquire('ticket:znuny:1', 5000)).not.toBeNull();
  });

  it('does not let a former holder release or extend a lock someone else took after expiry', async () => {
    const first = (await locks.acquire('k', 5000))!;
    await env.redis.del(env.keys.key('lock', 'k'));
    const second = (await locks.acquire('k', 5000))!;
    expect(await locks.release(first)).toBe(false);
    expect(await locks.extend(first, 5000)).toBe(false);
    expect(await locks.isLocked('k')).toBe(true);
    expect(await locks.extend(second, 9000)).toBe(true);
    expect(await env.redis.pttl(env.keys.key('lock', 'k'))).toBeGreaterThan(5000);
  });

  it('withLock runs one function at a time per key and rejects the others with a transient LockBusyError', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = locks.withLock('ticket:znuny:1', 5000, () => gate.then(() => 'first'));
    await waitFor(() => locks.isLocked('ticket:znuny:1'));
    const err = await locks.withLock('ticket:znuny:1', 5000, async () => 'second').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockBusyError);
    expect((err as LockBusyError).key).toBe('ticket:znuny:1');
    expect(retryDecision(err).retry).toBe(true);
    release();
    expect(await first).toBe('first');
    expect(await locks.isLocked('ticket:znuny:1')).toBe(false);
  });

  it('withLock with waitMs takes the lock once its holder lets go within the wait, and gives up after it otherwise', async () => {
    const held = (await locks.acquire('ticket:znuny:2', 5000))!;
    const order: string[] = [];
    const waiting = locks.withLock('ticket:znuny:2', 5000, async () => void order.push('waiter ran'), { waitMs: 5000 });
    await new Promise((r) => setTimeout(r, 120));
    order.push('holder released');
    await locks.release(held);
    await waiting;
    expect(order).toEqual(['holder released', 'waiter ran']);

    const again = (await locks.acquire('ticket:znuny:2', 5000))!;
    const err = await locks.withLock('ticket:znuny:2', 5000, async () => 'never', { waitMs: 150 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockBusyError);
    await locks.release(again);
  });

  it('withLock releases the lock when the function throws', async () => {
    await expect(locks.withLock('k', 5000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.isLocked('k')).toBe(false);
  });

  it('withLock keeps extending the lock while the function runs longer than the TTL', async () => {
    const ran = await locks.withLock('k', 150, async () => {
      await new Promise((r) => setTimeout(r, 500));
      return locks.isLocked('k');
    });
    expect(ran).toBe(true);
    expect(await locks.isLocked('k')).toBe(false);
  });

  it('withLock aborts the signal when the lock is lost', async () => {
    const lost: string[] = [];
    const aborted = await locks.withLock(
      'k',
      90,
      async (signal) => {
        await env.redis.set(env.keys.key('lock', 'k'), 'someone-else');
        await waitFor(async () => signal.aborted);
        return signal.aborted;
      },
      { onLost: (key) => lost.push(key) },
    );
    expect(aborted).toBe(true);
    expect(lost).toEqual(['k']);
    expect(await env.redis.get(env.keys.key('lock', 'k'))).toBe('someone-else');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
