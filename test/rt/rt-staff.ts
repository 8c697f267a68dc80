import type { HelpdeskAdapter } from '../../src/plugin-sdk';
import { getLogger } from '../../src/logging/logger';
import { rtPlugin } from '../../plugins/rt';
import type { RtTestEnv } from './rt-env';

/**
 * What a technician does in RT, done over REST2 with the staff user's token, so tests (integration and
 * end-to-end) can produce real history: tickets, replies, comments, time, status changes, merges, deletions.
 */
export class RtStaff {
  constructor(private readonly env: RtTestEnv) {}

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; location: string | null; json: unknown }> {
    const res = await fetch(`${this.env.url}/REST/2.0${path}`, {
      method,
      headers: {
        Authorization: `token ${this.env.staffToken}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : undefined;
    if (res.status >= 300) throw new Error(`RT ${method} ${path} → ${res.status} ${text}`);
    return { status: res.status, location: res.headers.get('location'), json };
  }

  async createTicket(fields: {
    subject: string;
    requestor?: string;
    content?: string;
    timeWorked?: number;
    customFields?: Record<string, string>;
  }): Promise<string> {
    const res = await this.call('POST', '/ticket', {
      Queue: this.env.queue,
      Subject: fields.subject,
      Requestor: fields.requestor,
      Content: fields.content ?? '',
      ContentType: 'text/plain',
      TimeWorked: fields.timeWorked,
      CustomFields: fields.customFields,
    });
    return String((res.json as { id: string | number }).id);
  }

  /** Reply (public) or comment (internal); returns the transaction id RT gives in `Location`. */
  async message(kind: 'correspond' | 'comment', ticketId: string, content: string, timeTaken?: number): Promise<string> {
    const res = await this.call('POST', `/ticket/${ticketId}/${kind}`, { Content: content, ContentType: 'text/plain', TimeTaken: timeTaken });
    return /\/transaction\/(\d+)$/.exec(res.location ?? '')![1]!;
  }

  async update(ticketId: string, fields: Record<string, unknown>): Promise<string[]> {
    return (await this.call('PUT', `/ticket/${ticketId}`, fields)).json as string[];
  }

  async merge(ticketId: string, intoId: string): Promise<void> {
    const messages = await this.update(ticketId, { MergeInto: intoId });
    if (!messages.includes('Merge Successful')) throw new Error(`merge ${ticketId} → ${intoId}: ${messages.join('; ')}`);
  }

  async delete(ticketId: string): Promise<void> {
    await this.call('DELETE', `/ticket/${ticketId}`);
  }

  /** The ticket's transactions (id and type), oldest first. */
  async history(ticketId: string): Promise<Array<{ id: string; Type: string }>> {
    return ((await this.call('GET', `/ticket/${ticketId}/history?fields=Type&per_page=100`)).json as { items: Array<{ id: string; Type: string }> })
      .items;
  }

  /** The text of every correspondence on the ticket: what its requestors were sent. */
  async correspondences(ticketId: string): Promise<string[]> {
    const ids = (await this.history(ticketId)).filter((t) => t.Type === 'Correspond').map((t) => t.id);
    const texts: string[] = [];
    for (const id of ids) {
      const parts = (await this.call('GET', `/transaction/${id}/attachments?fields=ContentType,Content&per_page=100`)).json as {
        items: Array<{ ContentType: string; Content: string }>;
      };
      texts.push(
        parts.items
          .filter((p) => p.ContentType === 'text/plain')
          .map((p) => p.Content)
          .join('\n'),
      );
    }
    return texts;
  }

  async ticket(ticketId: string): Promise<Record<string, unknown>> {
    return (await this.call('GET', `/ticket/${ticketId}`)).json as Record<string, unknown>;
  }
}

/** The RT plugin's settings for the test RT. */
export function rtSettingsFor(env: RtTestEnv, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { url: env.url, queues: [env.queue], timeZone: 'UTC', customFields: env.customFields, ...overrides };
}

/** An RT adapter talking to the test RT as the bridge user, built the way the registry builds it. */
export function rtAdapterFor(env: RtTestEnv, helpdeskId = 'rt', overrides: Record<string, unknown> = {}): HelpdeskAdapter {
  return rtPlugin.create({
    helpdeskId,
    config: rtPlugin.configSchema.parse(rtSettingsFor(env, overrides)),
    secrets: { token: env.token },
    logger: getLogger(`test.${helpdeskId}`),
    now: () => new Date(),
  });
}
