import { RateLimitedError, ServerError, TimeoutError } from '../../plugin-sdk';

export type SlowdownReason = 'rate-limited' | 'unavailable' | 'timeout' | 'latency';

/** A change of the concurrency limit, for the log and /metrics. */
export interface LimitChange {
  limit: number;
  previous: number;
  reason: SlowdownReason | 'recovered';
  /** Recent latency as a multiple of each endpoint's unloaded latency (moving average; about 1 or less when idle). */
  slowness: number;
  /** How long new calls are held back after a 429 with Retry-After (capped). */
  pauseMs?: number;
}

export interface LimiterOptions {
  /** The most calls in flight: the limit starts here and never goes above it. */
  maxConcurrency: number;
  /** Optional hard cap on call starts per second (none by default). */
  ratePerSecond?: number;
  onChange?: (change: LimitChange) => void;
  sleep: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Latency this many times the endpoint's unloaded latency (plus the slack, so that a 10 ms call taking 30 ms is
 * not an alarm) means Dolibarr is queueing our calls.
 */
const LATENCY_TOLERANCE = 3;
const LATENCY_SLACK_MS = 25;
/** A Retry-After holds every new call back, up to this; a longer one is the job layer's to wait for. */
const PAUSE_MAX_MS = 5000;
/** Failures this close to the last decrease come from the same burst of calls. */
const SAME_BURST_MS = 250;
/**
 * An endpoint's unloaded latency is the lowest value its moving average took over the last two windows of this
 * length: the average, not single calls, because one lucky fast call would make every normal one look slow.
 */
const BASELINE_WINDOW_MS = 30_000;
const SHORT_ALPHA = 0.2;

/**
 * Limits Dolibarr calls in flight and adapts the limit to how Dolibarr answers: halves it on 429, 503 or a
 * timeout, lowers it by one when latency climbs well above its unloaded level, and raises it by one after a
 * limit's worth of calls answered at normal speed, up to `maxConcurrency`. Concurrency rather than a rate is
 * the knob because Dolibarr's capacity is its few PHP workers: a call rate it can serve depends on what is asked.
 */
export class AdaptiveLimiter {
  private limitNow: number;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStartMs = 0;
  private pausedUntil = 0;
  private goodInRow = 0;
  private lastDecreaseAt = -Infinity;
  private slowness = 0;
  /** Per endpoint: list pages and single reads differ tenfold, so each is compared with itself. */
  private readonly baselines = new Map<string, { average: number; current: number; previous: number; windowStart: number }>();
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(private readonly opts: LimiterOptions) {
    if (!(opts.maxConcurrency >= 1)) throw new RangeError('maxConcurrency must be at least 1');
    if (opts.ratePerSecond !== undefined && !(opts.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.limitNow = opts.maxConcurrency;
    this.now = opts.now ?? Date.now;
    this.intervalMs = opts.ratePerSecond ? 1000 / opts.ratePerSecond : 0;
  }

  get limit(): number {
    return this.limitNow;
  }

  /** `endpoint` names what is called ("GET /tickets/{id}"): latency is judged against that endpoint's own. */
  async run<T>(task: () => Promise<T>, endpoint = ''): Promise<T> {
    await this.acquire();
    let failure: unknown;
    const started = this.now();
    try {
      await this.waitToStart();
      return await task();
    } catch (err) {
      failure = err;
      throw err;
    } finally {
      this.observe(endpoint, this.now() - started, failure);
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.limitNow) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    // After a decrease, slots are handed over only once the calls in flight fit under the new limit.
    if (this.inFlight <= this.limitNow) {
      const next = this.waiting.shift();
      if (next) return next();
    }
    this.inFlight -= 1;
    this.admitWaiting();
  }

  private admitWaiting(): void {
    while (this.inFlight < this.limitNow && this.waiting.length) {
      this.inFlight += 1;
      this.waiting.shift()!();
    }
  }

  private async waitToStart(): Promise<void> {
    const now = this.now();
    let start = Math.max(now, this.pausedUntil);
    if (this.intervalMs) {
      start = Math.max(start, this.nextStartMs);
      this.nextStartMs = start + this.intervalMs;
    }
    // Below a millisecond no timer can wait anyway.
    if (start - now >= 1) await this.opts.sleep(start - now);
  }

  private observe(endpoint: string, ms: number, failure: unknown): void {
    const overload = overloadOf(failure);
    // The calls in flight together when Dolibarr refused count as one signal, not one halving each.
    const sameBurst = this.now() - this.lastDecreaseAt < SAME_BURST_MS;
    if (overload) return this.decrease(overload.reason, sameBurst ? this.limitNow : Math.floor(this.limitNow / 2), overload.pauseMs);
    if (failure !== undefined) return;
    const slowness = ms / (this.unloadedMs(endpoint, ms) + LATENCY_SLACK_MS);
    this.slowness = this.slowness === 0 ? slowness : this.slowness + SHORT_ALPHA * (slowness - this.slowness);
    if (this.slowness > LATENCY_TOLERANCE) {
      this.goodInRow = 0;
      // One step per few call times: the average needs that long to show the effect of the last step.
      if (this.now() - this.lastDecreaseAt > ms * 4) this.decrease('latency', this.limitNow - 1);
      return;
    }
    this.goodInRow += 1;
    if (this.goodInRow >= this.limitNow && this.limitNow < this.opts.maxConcurrency) {
      this.goodInRow = 0;
      this.change(this.limitNow + 1, 'recovered');
      this.admitWaiting();
    }
  }

  private unloadedMs(endpoint: string, ms: number): number {
    const now = this.now();
    let b = this.baselines.get(endpoint);
    if (!b) this.baselines.set(endpoint, (b = { average: ms, current: ms, previous: ms, windowStart: now }));
    b.average += SHORT_ALPHA * (ms - b.average);
    if (now - b.windowStart >= BASELINE_WINDOW_MS) Object.assign(b, { previous: b.current, current: b.average, windowStart: now });
    b.current = Math.min(b.current, b.average);
    return Math.min(b.current, b.previous);
  }

  private decrease(reason: SlowdownReason, target: number, pauseMs?: number): void {
    this.goodInRow = 0;
    this.lastDecreaseAt = this.now();
    if (pauseMs) this.pausedUntil = Math.max(this.pausedUntil, this.now() + pauseMs);
    const limit = Math.max(1, target);
    if (limit !== this.limitNow || pauseMs) this.change(limit, reason, pauseMs);
  }

  private change(limit: number, reason: LimitChange['reason'], pauseMs?: number): void {
    const previous = this.limitNow;
    this.limitNow = limit;
    this.opts.onChange?.({ limit, previous, reason, slowness: Math.round(this.slowness * 100) / 100, pauseMs });
  }
}

/** 429, a bare 503 and timeouts say Dolibarr is overloaded; other failures say nothing about its load. */
function overloadOf(err: unknown): { reason: SlowdownReason; pauseMs?: number } | null {
  if (err instanceof RateLimitedError)
    return { reason: 'rate-limited', pauseMs: err.retryAfterMs === undefined ? undefined : Math.min(err.retryAfterMs, PAUSE_MAX_MS) };
  if (err instanceof ServerError && err.status === 503 && err.transient) return { reason: 'unavailable' };
  if (err instanceof TimeoutError) return { reason: 'timeout' };
  return null;
}
