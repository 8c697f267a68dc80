import type Redis from 'ioredis';
import { type InboundEvent, InputError } from '../plugin-sdk';
import type { PushedState, SnapshotStore, TicketKey } from '../sync/ports';
import type { KeySpace } from './keys';
import { pushedStateWithHelpdeskId } from './legacy-names';
import { eventTicketId, mergePushedEvent, storedPushSchema, type StoredPush } from './snapshot-merge';

// Compare-and-set on a version number: the merge runs in TypeScript, the write
// only lands if nobody wrote in between (otherwise we re-read and merge again).
const CAS = `
local v = redis.call('HGET', KEYS[1], 'v') or '0'
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'state', ARGV[3])
return 1`;

const MAX_CAS_ATTEMPTS = 40;

/** Many concurrent writers on one ticket kept winning; the job retries later. */
class StoreConflictError extends Error {
  readonly transient = true;
  constructor(key: string) {
    super(`concurrent updates kept conflicting on ${key}`);
    this.name = 'StoreConflictError';
  }
}

/** Pushed ticket state under `<prefix>pushed:<helpdeskId>:<ticketId>` (HASH v, state JSON). */
export class RedisSnapshotStore implements SnapshotStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private k(helpdeskId: string, ticketId: string): string {
    return this.keys.key('pushed', helpdeskId, ticketId);
  }

  async get(key: TicketKey): Promise<PushedState | null> {
    const { state } = await this.read(this.k(key.helpdeskId, key.ticketId));
    if (!state) return null;
    const pushed: PushedState = {};
    if (state.ticket) pushed.snapshot = { ticket: state.ticket, articles: state.articles, timeEntries: state.timeEntries };
    if (state.mergedInto !== undefined) pushed.mergedInto = state.mergedInto;
    if (state.deleted) pushed.deleted = true;
    return Object.keys(pushed).length ? pushed : null;
  }

  async apply(helpdeskId: string, event: InboundEvent): Promise<void> {
    if (event.type === 'ticket.changed') return;
    if (event.type === 'ticket.upserted' && event.snapshot.ticket.helpdeskId !== helpdeskId) {
      throw new InputError('pushed snapshot', [`ticket.helpdeskId: is "${event.snapshot.ticket.helpdeskId}", expected "${helpdeskId}"`]);
    }
    const key = this.k(helpdeskId, eventTicketId(event));
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const { version, state } = await this.read(key);
      const next = mergePushedEvent(state, event);
      if (!next) return;
      const ok = await this.redis.eval(CAS, 1, key, String(version), String(version + 1), JSON.stringify(next));
      if (ok === 1) return;
      // Random pause so writers that collided do not collide again in lockstep.
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
    }
    throw new StoreConflictError(key);
  }

  private async read(key: string): Promise<{ version: number; state: StoredPush | null }> {
    const [v, raw] = await this.redis.hmget(key, 'v', 'state');
    return { version: v === null ? 0 : Number(v), state: raw === null ? null : storedPushSchema.parse(pushedStateWithHelpdeskId(JSON.parse(raw))) };
  }
}
