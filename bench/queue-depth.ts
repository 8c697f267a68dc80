import { performance } from 'node:perf_hooks';
import { queueSummary, type QueueSummary } from './service-queues';

/** The service's pending jobs over time, sampled at most once a second (admin API). */
export class QueueDepth {
  private readonly samples: Array<{ at: number; pending: number }> = [];
  last?: QueueSummary;

  async sample(serviceUrl: string): Promise<void> {
    const at = performance.now();
    if (this.samples.length && at - this.samples[this.samples.length - 1].at < 1000) return;
    this.last = await queueSummary(serviceUrl);
    this.samples.push({ at, pending: this.last.pending });
  }

  /** "t+0s 12, t+1s 40, …", at most 30 points. */
  series(): string {
    if (!this.samples.length) return 'not sampled';
    const t0 = this.samples[0].at;
    const step = Math.ceil(this.samples.length / 30);
    const points = this.samples.filter((_, i) => i % step === 0 || i === this.samples.length - 1);
    const peak = Math.max(...this.samples.map((s) => s.pending));
    return `peak ${peak}; ${points.map((s) => `t+${Math.round((s.at - t0) / 1000)}s ${s.pending}`).join(', ')}`;
  }
}
