import { clone } from './clone';
import type { InboundEvent, OutboundUpdate } from '../../../src/plugin-sdk';
import type {
  DurationMemory,
  EchoMarkers,
  ErpStatusMemory,
  HelpdeskStateMemory,
  LastNoteMemory,
  PollCursors,
  OnceStore,
  Outbox,
  OutboxPut,
  PushedState,
  SnapshotStore,
  TicketKey,
  AccountCacheControl,
  ErpTicketMemory,
  KnownErpTicket,
} from '../../../src/sync/ports';
import type { Scheduler } from '../../../src/sync/shared/deps';
import type { ErpChange } from '../../../src/sync/erp-change';
import { InputError } from '../../../src/plugin-sdk';
import { eventTicketId, mergePushedEvent, type StoredPush, withoutBodies } from '../../../src/store/snapshot-merge';

export class MemoryPollCursors implements PollCursors {
  readonly values = new Map<string, string>();
  /** Every write in order, e.g. "poll:helpdesk:znuny=c1". */
  readonly writes: string[] = [];
  async get(name: string) {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string) {
    this.values.set(name, value);
    this.writes.push(`${name}=${value}`);
  }
}

/** One number per ERP id: the ERP status or duration memory. */
export class MemoryNumbers implements ErpStatusMemory, DurationMemory {
  readonly values = new Map<number, number>();
  async get(erpId: number) {
    return this.values.get(erpId) ?? null;
  }
  async set(erpId: number, value: number) {
    this.values.set(erpId, value);
  }
}

export class MemoryLastNotes implements LastNoteMemory {
  readonly values = new Map<string, string>();
  async get(key: TicketKey) {
    return this.values.get(`${key.helpdeskId}:${key.ticketId}`) ?? null;
  }
  async set(key: TicketKey, fingerprint: string) {
    this.values.set(`${key.helpdeskId}:${key.ticketId}`, fingerprint);
  }
}

export class MemoryHelpdeskStates implements HelpdeskStateMemory {
  readonly mirrored = new Map<string, string>();
  readonly delivered = new Map<string, string>();
  async getMirrored(key: TicketKey) {
    return this.mirrored.get(`${key.helpdeskId}:${key.ticketId}`) ?? null;
  }
  async setMirrored(key: TicketKey, state: string) {
    this.mirrored.set(`${key.helpdeskId}:${key.ticketId}`, state);
  }
  async takeDelivered(key: TicketKey) {
    const id = `${key.helpdeskId}:${key.ticketId}`;
    const state = this.delivered.get(id) ?? null;
    this.delivered.delete(id);
    return state;
  }
  async getDelivered(key: TicketKey) {
    return this.delivered.get(`${key.helpdeskId}:${key.ticketId}`) ?? null;
  }
  async setDelivered(key: TicketKey, state: string) {
    this.delivered.set(`${key.helpdeskId}:${key.ticketId}`, state);
  }
}

/** Echo markers without expiry: consuming removes one, as Redis GETDEL does. */
export class MemoryEcho implements EchoMarkers {
  readonly marks = new Map<string, number>();
  async mark(key: string, ttlSeconds = 3600) {
    this.marks.set(key, ttlSeconds);
  }
  async consume(key: string) {
    return this.marks.delete(key);
  }
  async marked(keys: readonly string[]) {
    return keys.map((key) => this.marks.has(key));
  }
}

export class MemoryOnce implements OnceStore {
  readonly claims = new Set<string>();
  async claim(namespace: string, key: string) {
    const id = `${namespace}:${key}`;
    if (this.claims.has(id)) return false;
    this.claims.add(id);
    return true;
  }
  async has(namespace: string, key: string) {
    return this.claims.has(`${namespace}:${key}`);
  }
  async release(namespace: string, key: string) {
    this.claims.delete(`${namespace}:${key}`);
  }
  async claimRecent(namespace: string, ticket: TicketKey, id: string) {
    return this.claim(`${namespace}:${ticket.helpdeskId}:${ticket.ticketId}`, id);
  }
  async hasRecent(namespace: string, ticket: TicketKey, id: string) {
    return this.has(`${namespace}:${ticket.helpdeskId}:${ticket.ticketId}`, id);
  }
}

/** Pushed state through the same pure merge the Redis store uses. */
export class MemorySnapshots implements SnapshotStore {
  readonly states = new Map<string, StoredPush>();
  readonly applied: InboundEvent[] = [];
  async get(key: TicketKey): Promise<PushedState | null> {
    const state = this.states.get(`${key.helpdeskId}:${key.ticketId}`);
    if (!state) return null;
    const pushed: PushedState = {};
    if (state.ticket) pushed.snapshot = { ticket: state.ticket, articles: state.articles, timeEntries: state.timeEntries };
    if (state.mergedInto !== undefined) pushed.mergedInto = state.mergedInto;
    if (state.deleted) pushed.deleted = true;
    return Object.keys(pushed).length ? pushed : null;
  }
  async apply(helpdeskId: string, event: InboundEvent) {
    if (event.type === 'ticket.changed') return;
    if (event.type === 'ticket.upserted' && event.snapshot.ticket.helpdeskId !== helpdeskId) {
      throw new InputError('pushed snapshot', [`ticket.helpdeskId: is "${event.snapshot.ticket.helpdeskId}", expected "${helpdeskId}"`]);
    }
    this.applied.push(event);
    const id = `${helpdeskId}:${eventTicketId(event)}`;
    const next = mergePushedEvent(this.states.get(id) ?? null, event);
    if (next) this.states.set(id, next);
  }
  async forgetBodies(key: TicketKey, articleIds: readonly string[]) {
    const id = `${key.helpdeskId}:${key.ticketId}`;
    const next = withoutBodies(this.states.get(id) ?? null, new Set(articleIds));
    if (next) this.states.set(id, next);
  }
}

export class MemoryOutbox implements Outbox {
  readonly updates = new Map<string, OutboundUpdate>();
  readonly delivered = new Set<string>();
  async put(helpdeskId: string, update: OutboundUpdate): Promise<OutboxPut> {
    const id = `${helpdeskId}|${update.eventId}`;
    if (this.delivered.has(id)) return 'delivered';
    if (this.updates.has(id)) return 'undelivered';
    this.updates.set(id, clone(update));
    return 'stored';
  }
  async get(helpdeskId: string, eventId: string) {
    const u = this.updates.get(`${helpdeskId}|${eventId}`);
    return u ? clone(u) : null;
  }
  async markDelivered(key: TicketKey, eventId: string) {
    this.delivered.add(`${key.helpdeskId}|${eventId}`);
  }
  async stored(key: TicketKey, eventId: string) {
    return { delivered: this.delivered.has(`${key.helpdeskId}|${eventId}`), update: await this.get(key.helpdeskId, eventId) };
  }
  /** Stored updates of one type, in the order they were queued. */
  ofType(type: OutboundUpdate['type']): OutboundUpdate[] {
    return [...this.updates.values()].filter((u) => u.type === type);
  }
}

/** Records the jobs the engine asks for instead of queueing them. */
export class RecordingScheduler implements Scheduler {
  readonly mirrors: TicketKey[] = [];
  readonly reflects: ErpChange[] = [];
  readonly deliveries: Array<{ key: TicketKey; eventId: string }> = [];
  readonly quotes: Array<{ key: TicketKey; requestId: string }> = [];
  readonly devEscalations: TicketKey[] = [];
  readonly devChecks: TicketKey[] = [];
  async mirrorTicket(key: TicketKey) {
    this.mirrors.push({ ...key });
  }
  async reflectErp(change: ErpChange) {
    this.reflects.push(change);
  }
  async deliverUpdate(key: TicketKey, eventId: string) {
    this.deliveries.push({ key: { ...key }, eventId });
  }
  async raiseQuote(key: TicketKey, requestId: string) {
    this.quotes.push({ key: { ...key }, requestId });
  }
  async devEscalate(key: TicketKey) {
    this.devEscalations.push({ ...key });
  }
  async checkDevIssue(key: TicketKey) {
    this.devChecks.push({ ...key });
  }
}

export class MemoryErpTickets implements ErpTicketMemory {
  /** By helpdesk ticket (`<helpdeskId>:<ticketId>`). */
  readonly known = new Map<string, KnownErpTicket>();
  async get(key: TicketKey, erpId: number) {
    const t = this.known.get(`${key.helpdeskId}:${key.ticketId}`);
    return t && t.id === erpId ? { ...t } : null;
  }
  async set(key: TicketKey, t: KnownErpTicket) {
    const {
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
    } = t;
    this.known.set(`${key.helpdeskId}:${key.ticketId}`, {
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
      extrafields: { ...extrafields },
      originEmail,
      progress,
      closedAt,
      readAt,
    });
  }
  async forget(key: TicketKey) {
    this.known.delete(`${key.helpdeskId}:${key.ticketId}`);
  }
}

export class CountingAccountCaches implements AccountCacheControl {
  invalidations = 0;
  /** Invalidations of the contract answers alone (`invalidate('contracts')`). */
  contractInvalidations = 0;
  async invalidate(scope?: 'contracts') {
    if (scope === 'contracts') this.contractInvalidations += 1;
    else this.invalidations += 1;
  }
}
