import type Redis from 'ioredis';
import type { Outbox, OutboxPut, StoredUpdate, TicketKey } from '../sync/ports';
import type { OutboundUpdate } from '../plugin-sdk';
import type { KeySpace } from './keys';
import { LuaScript } from './lua-script';
import { addRecentMark, hasRecentMark, MARK_FUNCTIONS, markArgs, type MarkPlace, marksKey } from './recent-marks';

const KEEP_SECONDS = 30 * 24 * 3600;
/** What earlier versions left under the update's key once delivered. */
const DELIVERED = 'delivered';

// KEYS: the ticket's marks, the earlier hash of delivered marks, the update's key; ARGV[1..5]: markArgs, ARGV[6]: the
// update. -1: delivered (nothing written); 1: stored now; 0: stored before, not delivered.
const PUT = new LuaScript(`${MARK_FUNCTIONS}
if mark_held(KEYS[1], KEYS[2], {}, ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[5])) then return -1 end
if redis.call('SET', KEYS[3], ARGV[6], 'EX', ARGV[5], 'NX') then return 1 end
return 0`);

/**
 * Outbound updates by event id (`outbox:update:<helpdeskId>:<eventId>`), kept 30 days, until delivered. Delivered ones
 * are marked for 30 days in the ticket's hash of recent marks (`marks:<helpdeskId>:<ticketId>`, recent-marks), so that
 * an update emitted again (same event id) is neither queued nor delivered again. Earlier versions marked them in a hash
 * of their own per ticket (`outbox:done:<helpdeskId>:<ticketId>`), and before that a key per delivered update (the
 * string "delivered" under the update's key, or `outbox:delivered:…`), over 150 bytes each; all are still read.
 */
export class RedisOutbox implements Outbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private updateKey(helpdeskId: string, eventId: string): string {
    return this.keys.key('outbox', 'update', helpdeskId, eventId);
  }

  private donePlace(key: TicketKey): MarkPlace {
    return { key: marksKey(this.keys, key), kind: 'delivered', legacyKey: this.keys.key('outbox', 'done', key.helpdeskId, key.ticketId) };
  }

  /**
   * Checked and stored in one script: an update delivered already (a fact reported again, as every later run of a
   * ticket reports its contract) writes nothing. One found stored and unmarked is 'undelivered', also when an earlier
   * version left its "delivered" string there: its delivery then finds it delivered (`stored` reads every layout).
   */
  async put(helpdeskId: string, update: OutboundUpdate): Promise<OutboxPut> {
    const place = this.donePlace({ helpdeskId, ticketId: update.ticketId });
    const answer = await PUT.run(
      this.redis,
      [place.key, place.legacyKey, this.updateKey(helpdeskId, update.eventId)],
      [...markArgs(place, update.eventId, KEEP_SECONDS), JSON.stringify(update)],
    );
    return answer === 1 ? 'stored' : answer === 0 ? 'undelivered' : 'delivered';
  }

  async get(helpdeskId: string, eventId: string): Promise<OutboundUpdate | null> {
    return parseUpdate(await this.redis.get(this.updateKey(helpdeskId, eventId)));
  }

  /** Marks and drops the update in one script: no crash leaves it dropped unmarked, which would let it be delivered twice. */
  async markDelivered(key: TicketKey, eventId: string): Promise<void> {
    await addRecentMark(this.redis, this.donePlace(key), eventId, KEEP_SECONDS, [], [this.updateKey(key.helpdeskId, eventId)]);
  }

  /** Its key read once for both answers: whether it was delivered (in any layout), and its text if still stored. */
  async stored(key: TicketKey, eventId: string): Promise<StoredUpdate> {
    const [marked, current, legacy] = await Promise.all([
      hasRecentMark(this.redis, this.donePlace(key), eventId, KEEP_SECONDS),
      this.redis.get(this.updateKey(key.helpdeskId, eventId)),
      this.redis.exists(this.keys.key('outbox', 'delivered', key.helpdeskId, eventId)),
    ]);
    return { delivered: marked || current === DELIVERED || legacy === 1, update: parseUpdate(current) };
  }
}

function parseUpdate(raw: string | null): OutboundUpdate | null {
  if (!raw || raw === DELIVERED) return null;
  const parsed = JSON.parse(raw) as OutboundUpdate & { occurredAt: string; remindAt?: string };
  // JSON keeps instants as text: the plugins are given dates back.
  return { ...parsed, occurredAt: new Date(parsed.occurredAt), ...(parsed.remindAt ? { remindAt: new Date(parsed.remindAt) } : {}) };
}
