import { createHash } from 'node:crypto';
import type Redis from 'ioredis';
import type { OnceStore, TicketKey } from '../sync/ports';
import type { KeySpace } from './keys';
import { addRecentMark, hasRecentMark, type MarkPlace, marksKey } from './recent-marks';
import { LuaScript } from './lua-script';

/**
 * Keys longer than this are claimed under a digest: inbound event ids run to 60 characters and more, and every
 * accepted event keeps its claim for a week.
 */
const LONGEST_PLAIN_KEY = 32;

// A claim is refused while the same key is held under its earlier (plain) name too.
const CLAIM = new LuaScript(
  `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if ARGV[2] == '' then return redis.call('SET', KEYS[1], ARGV[1], 'NX') and 1 or 0 end
return redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2], 'NX') and 1 or 0`,
);

/**
 * `<prefix>once:<namespace>:<key>` claims (`…:#<digest>` for long keys; claims made before under the long key are
 * still honoured); without a TTL a claim is kept forever. Recent claims of a ticket are marks in its one hash of
 * recent marks, `marks:<helpdeskId>:<ticketId>` (recent-marks); earlier versions kept them in a hash per namespace,
 * `once:recent:<namespace>:<helpdeskId>:<ticketId>`, and before that one key each as `once:<namespace>:<helpdeskId>:<id>`,
 * both still honoured until they expire.
 */
export class RedisOnceStore implements OnceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private k(namespace: string, key: string): [string, string] {
    return claimKeys(this.keys, namespace, key);
  }

  async claim(namespace: string, key: string, ttlSeconds?: number): Promise<boolean> {
    const [current, legacy] = this.k(namespace, key);
    return (await CLAIM.run(this.redis, [current, legacy], [String(Date.now()), ttlSeconds ? String(ttlSeconds) : ''])) === 1;
  }

  async has(namespace: string, key: string): Promise<boolean> {
    const [current, legacy] = this.k(namespace, key);
    return (await this.redis.exists(current, legacy)) > 0;
  }

  async release(namespace: string, key: string): Promise<void> {
    const [current, legacy] = this.k(namespace, key);
    await this.redis.del(current, legacy);
  }

  async claimRecent(namespace: string, ticket: TicketKey, id: string, ttlSeconds: number): Promise<boolean> {
    const { place, heldUnder } = recentClaim(this.keys, namespace, ticket, id);
    return addRecentMark(this.redis, place, id, ttlSeconds, heldUnder);
  }

  async hasRecent(namespace: string, ticket: TicketKey, id: string, ttlSeconds: number): Promise<boolean> {
    const [recent, earlier] = await Promise.all([
      hasRecentMark(this.redis, recentClaim(this.keys, namespace, ticket, id).place, id, ttlSeconds),
      this.has(`${namespace}:${ticket.helpdeskId}`, id),
    ]);
    return recent || earlier;
  }
}

/** The key written now, and the one earlier versions wrote (the same for short keys). */
function claimKeys(keys: KeySpace, namespace: string, key: string): [string, string] {
  const plain = keys.key('once', namespace, key);
  if (key.length <= LONGEST_PLAIN_KEY) return [plain, plain];
  return [keys.key('once', namespace, `#${createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 22)}`), plain];
}

/**
 * Where claimRecent keeps the mark of a ticket's id, and the keys of the layout where such a claim was a key of its
 * own (still honoured): for scripts that claim beside other work (the snapshot store's applyOnce).
 */
export function recentClaim(keys: KeySpace, namespace: string, ticket: TicketKey, id: string): { place: MarkPlace; heldUnder: [string, string] } {
  return {
    place: {
      key: marksKey(keys, ticket),
      kind: namespace,
      legacyKey: keys.key('once', 'recent', namespace, ticket.helpdeskId, ticket.ticketId),
    },
    heldUnder: claimKeys(keys, `${namespace}:${ticket.helpdeskId}`, id),
  };
}
