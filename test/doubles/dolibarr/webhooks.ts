import http from 'node:http';

export interface WebhookTarget {
  url: string;
  /** Exact trigger names to send; all when absent (Dolibarr matches the target's comma list exactly). */
  triggerCodes?: string[];
}

export interface WebhookDelivery {
  seq: number;
  triggercode: string;
  url: string;
  /** HTTP status of the receiver, or null when the request failed. */
  status: number | null;
  error?: string;
}

/**
 * The Webhook module as a non-blocking target (type 1): each trigger is POSTed once, in trigger order, without
 * signature or retry, and the API call that caused it never waits for it.
 */
export class WebhookEmitter {
  private target: WebhookTarget | undefined;
  private chain: Promise<void> = Promise.resolve();
  private seq = 0;
  readonly deliveries: WebhookDelivery[] = [];

  configure(target: WebhookTarget | undefined): void {
    this.target = target;
  }

  get current(): WebhookTarget | undefined {
    return this.target;
  }

  emit(triggercode: string, object: Record<string, unknown>): void {
    const target = this.target;
    if (!target || (target.triggerCodes && !target.triggerCodes.includes(triggercode))) return;
    const body = JSON.stringify({ triggercode, object });
    const seq = ++this.seq;
    this.chain = this.chain.then(() => this.post(seq, target.url, triggercode, body));
  }

  /** Resolves once every queued delivery has been attempted. */
  idle(): Promise<void> {
    return this.chain;
  }

  reset(): void {
    this.deliveries.length = 0;
  }

  private post(seq: number, url: string, triggercode: string, body: string): Promise<void> {
    return new Promise((resolve) => {
      const record = (status: number | null, error?: string): void => {
        this.deliveries.push({ seq, triggercode, url, status, ...(error ? { error } : {}) });
        resolve();
      };
      const req = http.request(
        url,
        {
          method: 'POST',
          timeout: 30_000,
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'Dolibarr geturl function',
            Accept: '*/*',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => record(res.statusCode ?? null));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => record(null, err.message));
      req.end(body);
    });
  }
}
