/**
 * Per-client limit on requests in flight and on request starts per second.
 * Starts are spaced evenly (1000/rate ms apart) rather than allowed in bursts,
 * because Dolibarr's PHP workers are few and auto refs collide under load.
 */
export class RequestLimiter {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];
  private nextStartMs = 0;
  private readonly intervalMs: number;

  constructor(
    private readonly concurrency: number,
    ratePerSecond: number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    if (!(concurrency >= 1) || !(ratePerSecond > 0)) throw new RangeError('concurrency and ratePerSecond must be positive');
    this.intervalMs = 1000 / ratePerSecond;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      await this.waitForRate();
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    // The slot is handed over by release(), so inFlight never drops below the true count.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }

  private async waitForRate(): Promise<void> {
    const now = this.now();
    const start = Math.max(now, this.nextStartMs);
    this.nextStartMs = start + this.intervalMs;
    // Below a millisecond no timer can wait anyway.
    if (start - now >= 1) await this.sleep(start - now);
  }
}
