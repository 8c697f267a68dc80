import { withHelpdeskId } from './legacy-names';
import type Redis from 'ioredis';
import { SLA_STATUSES, type SlaStatus } from '../sync/rules/sla-clock';
import type { SlaRecord } from '../sync/rules/sla-record';
import type { SlaRecordStore } from '../sync/ports';
import type { KeySpace } from './keys';
import type { TicketKey } from '../sync/ports';

/** `<prefix>sla-records:<YYYY-MM>` hash of ticket → record; `<prefix>sla-open` hash of open ticket → status. */
export class RedisSlaRecordStore implements SlaRecordStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async save(month: string, record: SlaRecord): Promise<void> {
    const field = JSON.stringify([record.helpdeskId, record.ticketId]);
    const tx = this.redis.multi().hset(this.keys.key('sla', 'records', month), field, JSON.stringify(record));
    if (record.open) tx.hset(this.keys.key('sla', 'open'), field, record.status);
    else tx.hdel(this.keys.key('sla', 'open'), field);
    await tx.exec();
  }

  async forget(month: string, key: TicketKey): Promise<void> {
    const field = JSON.stringify([key.helpdeskId, key.ticketId]);
    await this.redis
      .multi()
      .hdel(this.keys.key('sla', 'records', month), field)
      .hdel(this.keys.key('sla', 'open'), field)
      .exec();
  }

  async listMonth(month: string): Promise<SlaRecord[]> {
    return Object.values(await this.redis.hgetall(this.keys.key('sla', 'records', month))).map((v) => withHelpdeskId(JSON.parse(v) as SlaRecord));
  }

  async openByStatus(): Promise<Record<SlaStatus, number>> {
    const counts = Object.fromEntries(SLA_STATUSES.map((s) => [s, 0])) as Record<SlaStatus, number>;
    for (const status of await this.redis.hvals(this.keys.key('sla', 'open'))) if (status in counts) counts[status as SlaStatus] += 1;
    return counts;
  }
}
