import type Redis from 'ioredis';
import { z } from 'zod';
import type { ErpTicketMemory, KnownErpTicket } from '../sync/ports';
import type { KeySpace } from './keys';

/** Kept a month: a ticket untouched that long is read again on its next change, which costs one call. */
const TTL_SECONDS = 30 * 24 * 3600;

const nullableId = z.number().int().nullable();
const code = z.string().nullable();
const instant = z
  .number()
  .nullable()
  .transform((ms) => (ms === null ? null : new Date(ms)));
const toMs = (d: Date | null) => (d === null ? null : d.getTime());
/** Stored as a JSON array (no field names): a few hundred bytes per linked ticket add up. */
const stored = z
  .tuple([
    z.number().int(),
    z.string(),
    z.string(),
    z.string(),
    z.number().int(),
    code,
    code,
    code,
    nullableId,
    nullableId,
    nullableId,
    z.record(z.union([z.string(), z.number(), z.null()])),
    code,
    z.number().nullable(),
    instant,
    instant,
  ])
  .transform(
    ([
      id,
      ref,
      trackId,
      subject,
      status,
      typeCode,
      categoryCode,
      severityCode,
      socid,
      contractId,
      userAssignId,
      extrafields,
      originEmail,
      progress,
      closedAt,
      readAt,
    ]): KnownErpTicket => ({
      id,
      ref,
      trackId,
      subject,
      status,
      typeCode,
      categoryCode,
      severityCode,
      socid,
      contractId,
      userAssignId,
      extrafields,
      originEmail,
      progress,
      closedAt,
      readAt,
    }),
  );

/** `<prefix>erp-ticket:<erpId>`. */
export class RedisErpTicketMemory implements ErpTicketMemory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async get(erpId: number): Promise<KnownErpTicket | null> {
    const raw = await this.redis.get(this.keys.key('erp-ticket', erpId));
    if (raw === null) return null;
    // An entry of another shape (an older version) is read as missing: the ticket is then read from the ERP.
    const parsed = stored.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async set(t: KnownErpTicket): Promise<void> {
    const value = [
      t.id,
      t.ref,
      t.trackId,
      t.subject,
      t.status,
      t.typeCode,
      t.categoryCode,
      t.severityCode,
      t.socid,
      t.contractId,
      t.userAssignId,
      t.extrafields,
      t.originEmail,
      t.progress,
      toMs(t.closedAt),
      toMs(t.readAt),
    ];
    await this.redis.set(this.keys.key('erp-ticket', t.id), JSON.stringify(value), 'EX', TTL_SECONDS);
  }

  async forget(erpId: number): Promise<void> {
    await this.redis.del(this.keys.key('erp-ticket', erpId));
  }
}
