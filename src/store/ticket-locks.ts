import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import type { KeySpace } from './keys';
import { LockBusyError } from './lock-busy-error';
import { LuaScript } from './lua-script';

// Only the holder (same random token) may release or extend: a lock that
// expired and was taken by another worker must not be released by the first.
const RELEASE = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`);
const EXTEND = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`);

export interface HeldLock {
  readonly key: string;
  readonly token: string;
}

export interface LockOptions {
  /** Called when extending fails (lock expired and taken, or Redis down): the work is no longer exclusive. */
  onLost?(key: string, err?: unknown): void;
  /** How long to keep trying when the lock is held (every 50 ms) before giving up with LockBusyError; 0 by default. */
  waitMs?: number;
}

const RETRY_EVERY_MS = 50;

/** Per-key mutual exclusion across processes (single Redis: SET NX PX + token). */
export class TicketLocks {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private lockKey(key: string): string {
    return this.keys.key('lock', key);
  }

  /** The lock, or null when someone else holds it. */
  async acquire(key: string, ttlMs: number): Promise<HeldLock | null> {
    const token = randomBytes(16).toString('hex');
    const ok = await this.redis.set(this.lockKey(key), token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? { key, token } : null;
  }

  /** False when the lock was no longer ours. */
  async release(lock: HeldLock): Promise<boolean> {
    return (await RELEASE.run(this.redis, [this.lockKey(lock.key)], [lock.token])) === 1;
  }

  /** False when the lock was no longer ours. */
  async extend(lock: HeldLock, ttlMs: number): Promise<boolean> {
    return (await EXTEND.run(this.redis, [this.lockKey(lock.key)], [lock.token, ttlMs])) === 1;
  }

  async isLocked(key: string): Promise<boolean> {
    return (await this.redis.exists(this.lockKey(key))) === 1;
  }

  /**
   * Runs fn while holding the lock, extending it every ttl/3 so long work keeps it.
   * Throws LockBusyError (transient) without running fn when the lock is held (still held after opts.waitMs).
   * fn's signal is aborted if the lock is lost while it runs.
   */
  async withLock<T>(key: string, ttlMs: number, fn: (signal: AbortSignal) => Promise<T>, opts: LockOptions = {}): Promise<T> {
    const giveUpAt = Date.now() + (opts.waitMs ?? 0);
    let lock = await this.acquire(key, ttlMs);
    while (!lock && Date.now() < giveUpAt) {
      await new Promise((r) => setTimeout(r, Math.min(RETRY_EVERY_MS, giveUpAt - Date.now())));
      lock = await this.acquire(key, ttlMs);
    }
    if (!lock) throw new LockBusyError(key);
    const lost = new AbortController();
    const markLost = (err?: unknown) => {
      if (lost.signal.aborted) return;
      lost.abort();
      opts.onLost?.(key, err);
    };
    const timer = setInterval(
      () => {
        this.extend(lock, ttlMs).then((ok) => ok || markLost(), markLost);
      },
      Math.max(10, Math.floor(ttlMs / 3)),
    );
    try {
      return await fn(lost.signal);
    } finally {
      clearInterval(timer);
      await this.release(lock);
    }
  }
}
