import type Redis from 'ioredis';
import type { DevIssueLink, DevIssueLinkStore, TicketKey } from '../sync/ports';
import type { KeySpace } from './keys';

const DATE_FIELDS = ['createdAt', 'dueAt', 'remindedAt', 'doneAt', 'erpCreatedNotedAt', 'erpDoneNotedAt'] as const;

/**
 * Development issues of helpdesk tickets. Layout under `<prefix>dev-issue:`:
 *   ticket:<helpdeskId>:<ticketId>   JSON DevIssueLink (dates as ISO strings)
 *   issue:<trackerId>:<issueId>  JSON TicketKey
 */
export class RedisDevIssueLinkStore implements DevIssueLinkStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async get(key: TicketKey): Promise<DevIssueLink | null> {
    const raw = await this.redis.get(this.keys.key('dev-issue', 'ticket', key.helpdeskId, key.ticketId));
    if (raw === null) return null;
    const stored = JSON.parse(raw) as Record<string, unknown>;
    for (const field of DATE_FIELDS) if (typeof stored[field] === 'string') stored[field] = new Date(stored[field]);
    return stored as unknown as DevIssueLink;
  }

  async save(key: TicketKey, link: DevIssueLink): Promise<void> {
    const results = await this.redis
      .multi()
      .set(this.keys.key('dev-issue', 'ticket', key.helpdeskId, key.ticketId), JSON.stringify(link))
      .set(this.keys.key('dev-issue', 'issue', link.trackerId, link.issueId), JSON.stringify({ helpdeskId: key.helpdeskId, ticketId: key.ticketId }))
      .exec();
    if (!results) throw new Error('Redis transaction aborted');
    for (const [err] of results) if (err) throw err;
  }

  async ticketOfIssue(trackerId: string, issueId: string): Promise<TicketKey | null> {
    const raw = await this.redis.get(this.keys.key('dev-issue', 'issue', trackerId, issueId));
    return raw === null ? null : (JSON.parse(raw) as TicketKey);
  }
}
