import type Redis from 'ioredis';
import type { StateChange } from '../plugin-sdk';
import type { TicketKey } from '../sync/ports';
import type { StateHistoryStore } from '../sync/ports';
import type { KeySpace } from './keys';

/** A hard cap so a ticket flapping between states cannot grow its history without end. */
const MAX_CHANGES = 500;

/** `<prefix>state-history:<helpdeskId>:<ticketId>`: a list of JSON {at, stateCategory}, oldest first. */
export class RedisStateHistoryStore implements StateHistoryStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: KeySpace,
  ) {}

  private k(key: TicketKey): string {
    return this.keys.key('state-history', key.helpdeskId, key.ticketId);
  }

  // Called under the ticket's lock (mirror jobs), so read-then-append does not race.
  async record(key: TicketKey, change: StateChange): Promise<StateChange[]> {
    const history = (await this.redis.lrange(this.k(key), 0, -1)).map(parse);
    const last = history.at(-1);
    if (last && (last.stateCategory === change.stateCategory || change.at.getTime() < last.at.getTime())) return history;
    await this.redis.rpush(this.k(key), JSON.stringify({ at: change.at.toISOString(), stateCategory: change.stateCategory }));
    await this.redis.ltrim(this.k(key), -MAX_CHANGES, -1);
    return [...history, change].slice(-MAX_CHANGES);
  }
}

function parse(raw: string): StateChange {
  const v = JSON.parse(raw) as { at: string; stateCategory: StateChange['stateCategory'] };
  return { at: new Date(v.at), stateCategory: v.stateCategory };
}
