import { createHmac, randomUUID } from 'node:crypto';

/** One delivery exactly as Jira sends it: raw body and headers, signed when the webhook has a secret. */
export interface Delivery {
  event: string;
  identifier: string;
  headers: Record<string, string>;
  rawBody: string;
}

/**
 * An admin webhook: deliveries go out after the change, asynchronously, with X-Hub-Signature over the raw body
 * and an identifier that stays the same across retries. `mode` lets a test hold or drop them (late, lost).
 */
export class WebhookSender {
  mode: 'forward' | 'hold' | 'drop' = 'forward';
  readonly sent: Delivery[] = [];
  readonly dropped: Delivery[] = [];
  private held: Delivery[] = [];
  private pending = new Set<Promise<unknown>>();

  constructor(private readonly target?: { url: string; secret: string }) {}

  emit(event: string, body: Record<string, unknown>, timestamp: Date): void {
    if (!this.target) return;
    const rawBody = JSON.stringify({ timestamp: timestamp.getTime(), webhookEvent: event, ...body });
    const delivery: Delivery = {
      event,
      identifier: randomUUID(),
      rawBody,
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'x-atlassian-webhook-flow': 'Primary',
        'x-hub-signature': `sha256=${createHmac('sha256', this.target.secret).update(rawBody).digest('hex')}`,
      },
    };
    delivery.headers['x-atlassian-webhook-identifier'] = delivery.identifier;
    if (this.mode === 'drop') return void this.dropped.push(delivery);
    if (this.mode === 'hold') return void this.held.push(delivery);
    const p = this.send(delivery).catch(() => undefined);
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  takeHeld(): Delivery[] {
    const out = this.held;
    this.held = [];
    return out;
  }

  heldCount(): number {
    return this.held.length;
  }

  /** Sends (or re-sends, as Jira's retries do, with the retry header) one delivery; returns the HTTP status. */
  async send(delivery: Delivery, retry?: number): Promise<number> {
    if (!this.target) throw new Error('no webhook configured');
    const headers = retry ? { ...delivery.headers, 'x-atlassian-webhook-retry': String(retry) } : delivery.headers;
    const res = await fetch(this.target.url, { method: 'POST', headers, body: delivery.rawBody });
    this.sent.push(delivery);
    return res.status;
  }

  async idle(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
