import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type Redis from 'ioredis';
import { z } from 'zod';
import type { ErpTicketMemory, KnownErpTicket, TicketKey } from '../sync/ports';
import { ERP_EXTRAFIELDS } from '../sync/rules/erp-extrafields';
import { trackIdFor } from '../sync/shared/ticket-identity';
import { CHUNK_FUNCTIONS, READ_CHUNKS } from './hash-chunks';
import type { KeySpace } from './keys';
import { LuaScript } from './lua-script';
import { ERP_TICKET_CHUNKS, marksKey } from './recent-marks';
import { SMALL_DEFLATE } from './small-deflate';

/** Kept a month: a ticket untouched that long is read again on its next change, which costs one call. */
const TTL_SECONDS = 30 * 24 * 3600;

// Writes ARGV[1] ('' removes it) as the ERP ticket memory of the ticket whose marks hash is KEYS[1], which then lives
// at least ARGV[2] seconds.
const WRITE = new LuaScript(`${CHUNK_FUNCTIONS}
write_chunks(KEYS[1], '${ERP_TICKET_CHUNKS}', ARGV[1])
if ARGV[1] ~= '' and redis.call('TTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('EXPIRE', KEYS[1], ARGV[2]) end`);

const nullableId = z.number().int().nullable();
const code = z.string().nullable();
const instant = z
  .number()
  .nullable()
  .transform((ms) => (ms === null ? null : new Date(ms)));
const toMs = (d: Date | null) => (d === null ? null : d.getTime());
type Extrafields = KnownErpTicket['extrafields'];

/**
 * The track id the bridge gives the ticket its extrafields name: left out of the entry when the ticket has it (~20
 * of its ~170 deflated bytes, as hex the least compressible part).
 */
function derivedTrackId(extrafields: Extrafields): string | null {
  const helpdeskId = extrafields[ERP_EXTRAFIELDS.ticket.helpdesk];
  const ticketId = extrafields[ERP_EXTRAFIELDS.ticket.helpdeskTicketId];
  return typeof helpdeskId === 'string' && typeof ticketId === 'string' && helpdeskId && ticketId ? trackIdFor({ helpdeskId, ticketId }) : null;
}
/** Stored as a JSON array (no field names): a few hundred bytes per linked ticket add up. The track id is null when derived. */
const stored = z
  .tuple([
    z.number().int(),
    z.string(),
    z.string().nullable(),
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
      trackId: trackId ?? derivedTrackId(extrafields) ?? '',
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

/**
 * Entries are deflated with a preset dictionary of what most of them contain (the bridge's extrafield names): a
 * 340-byte entry shrinks to ~170. The dictionary is part of the stored format: never change it, add another one
 * under another leading byte.
 */
const DEFLATED = 0x7a; // 'z'
const DICTIONARY = Buffer.from(
  '"tb_duration":"tb_helpdesk_url":"tb_hd_sla_due":"tb_hd_sla_status":"tb_sla_policy":"tb_sla_first_due":"tb_sla_resol_due":' +
    '"tb_sla_used_min":"tb_sla_status":"tb_dev_ref":"tb_dev_url":"https://,null,null,null,"tb_helpdesk_source":"' +
    '","tb_helpdesk_id":"","tb_helpdesk_ticket":"","tb_requester":"","tb_contact":","tb_contract":},null,"tb_',
);

function decode(raw: Buffer): unknown {
  if (raw[0] !== DEFLATED) throw new Error('not a deflated entry');
  return JSON.parse(inflateRawSync(raw.subarray(1), { dictionary: DICTIONARY }).toString('utf8'));
}

/**
 * In the helpdesk ticket's marks hash (`marks:<helpdeskId>:<ticketId>`, fields `!0`, `!1`, …; recent-marks), which
 * lives at least 30 days after each write: a key of its own per ERP ticket cost ~70 bytes more. Earlier versions kept
 * `erp-ticket:<erpId>` keys; they are not read (such a ticket is read from the ERP once) and lapse within 30 days.
 */
export class RedisErpTicketMemory implements ErpTicketMemory {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  async get(key: TicketKey, erpId: number): Promise<KnownErpTicket | null> {
    const raw = (await READ_CHUNKS.runBuffer(this.redis, [marksKey(this.keys, key)], [ERP_TICKET_CHUNKS])) as Buffer;
    if (raw.length === 0) return null;
    // An entry of another shape is read as missing: the ticket is then read from the ERP.
    let value: unknown;
    try {
      value = decode(raw);
    } catch {
      return null;
    }
    const parsed = stored.safeParse(value);
    // The ticket may have been linked to another ERP ticket since.
    return parsed.success && parsed.data.id === erpId ? parsed.data : null;
  }

  async set(key: TicketKey, t: KnownErpTicket): Promise<void> {
    const value = [
      t.id,
      t.ref,
      t.trackId === derivedTrackId(t.extrafields) ? null : t.trackId,
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
    const deflated = deflateRawSync(JSON.stringify(value), { ...SMALL_DEFLATE, dictionary: DICTIONARY });
    await WRITE.run(this.redis, [marksKey(this.keys, key)], [Buffer.concat([Buffer.from([DEFLATED]), deflated]), String(TTL_SECONDS)]);
  }

  async forget(key: TicketKey): Promise<void> {
    await WRITE.run(this.redis, [marksKey(this.keys, key)], ['', String(TTL_SECONDS)]);
  }
}
