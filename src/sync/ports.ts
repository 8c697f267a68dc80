import type { InboundEvent, StateChange, TicketSnapshot } from '../plugin-sdk';
import type { SlaRecord } from './rules/sla-record';
import type { SlaStatus } from './rules/sla-clock';

/**
 * What the sync rules need from persistence, as interfaces: src/sync knows
 * neither Redis nor HTTP. src/store implements these on Redis.
 */

/** A helpdesk ticket's identity. */
export interface TicketKey {
  helpdeskId: string;
  ticketId: string;
}

export interface TicketLink extends TicketKey {
  helpdeskNumber: string;
  erpId: number;
  erpRef: string;
  trackId: string;
}

export interface TimeEntryLink {
  entryId: string;
  interventionId: number;
  lineId: number;
  seconds: number;
  /** Unix ms of the entry's start, to detect a changed entry. */
  startMs: number;
}

export interface QuoteLink {
  proposalId: number;
  proposalRef?: string;
  requestId: string;
}

/** What became of one helpdesk attachment: a document on the ERP ticket (with its content's hash), or refused. */
export type AttachmentLink = { documentName: string; sha256: string } | { rejected: string };

export interface LinkStore {
  getTicketLink(key: TicketKey): Promise<TicketLink | null>;
  getTicketLinkByErpId(erpId: number): Promise<TicketLink | null>;
  /**
   * Saves both directions atomically. `previous`: the ticket's link as the caller read it under the ticket's lock (null:
   * none), which then is not read again; left out, it is read.
   */
  saveTicketLink(link: TicketLink, previous?: TicketLink | null): Promise<void>;
  deleteTicketLink(key: TicketKey): Promise<void>;
  listTicketLinks(helpdeskId?: string): AsyncIterable<TicketLink>;

  /** The ticket's linked articles → their ERP message: the agenda event id, or 0 when the id is not known yet. */
  getArticleLinks(key: TicketKey): Promise<Map<string, number>>;
  saveArticleLink(key: TicketKey, articleId: string, erpMessageId: number): Promise<void>;
  /**
   * ERP message (agenda event id) of the ticket → the article it mirrors, if any, so each ERP message reaches the
   * helpdesk once. An article's link (saveArticleLink) links its message; saveErpMessageLink links one without an
   * article (an ERP user's message reflected, a note of the bridge). Links earlier versions kept name their ticket.
   */
  getErpMessageLink(key: TicketKey, erpMessageId: number): Promise<{ key: TicketKey; articleId?: string } | null>;
  saveErpMessageLink(key: TicketKey, erpMessageId: number): Promise<void>;

  /** Helpdesk attachment (article id + attachment key) → ERP document; also marks the document as the bridge's. */
  getAttachmentLink(key: TicketKey, articleId: string, attachmentKey: string): Promise<AttachmentLink | null>;
  saveAttachmentLink(key: TicketKey, articleId: string, attachmentKey: string, link: AttachmentLink, erpId: number): Promise<void>;
  /** ERP documents of a ticket already on both sides (uploaded by the bridge or already reflected). */
  isErpDocumentKnown(erpId: number, documentName: string): Promise<boolean>;
  markErpDocumentKnown(erpId: number, documentName: string): Promise<void>;

  getTimeEntryLinks(key: TicketKey): Promise<TimeEntryLink[]>;
  saveTimeEntryLink(key: TicketKey, link: TimeEntryLink): Promise<void>;
  deleteTimeEntryLink(key: TicketKey, entryId: string): Promise<void>;

  getQuoteLink(key: TicketKey, requestId: string): Promise<QuoteLink | null>;
  saveQuoteLink(key: TicketKey, link: QuoteLink): Promise<void>;
  getTicketByProposal(proposalId: number): Promise<TicketKey | null>;
}

/** Where each poll and backfill stopped: one opaque cursor per name (`poll:helpdesk:<id>`, `poll:erp:tickets`, `backfill:<id>:<since>`). */
export interface PollCursors {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

/** The ERP ticket status the bridge last wrote or reported, so its echo is not reported back to the helpdesk. */
export interface ErpStatusMemory {
  get(erpId: number): Promise<number | null>;
  set(erpId: number, status: number): Promise<void>;
}

/**
 * Helpdesk state categories remembered per ticket. Only a change of the state last mirrored to the ERP is a
 * helpdesk state change: an unchanged (stale) one must not overwrite a status an ERP user just set. The state
 * the bridge delivered is kept until the helpdesk's state next changes: helpdesk states and ERP statuses do not
 * map one to one (Znuny's "pending reminder" reads back as pending after ERP "waiting for information"), and
 * the change the bridge caused must not go back to the ERP.
 */
export interface HelpdeskStateMemory {
  getMirrored(key: TicketKey): Promise<string | null>;
  setMirrored(key: TicketKey, state: string): Promise<void>;
  /** The state last delivered to the helpdesk, forgotten once read. */
  takeDelivered(key: TicketKey): Promise<string | null>;
  /** The same, not forgotten. */
  getDelivered(key: TicketKey): Promise<string | null>;
  setDelivered(key: TicketKey, state: string): Promise<void>;
}

/** The duration (seconds) last written to each ERP ticket, so an unchanged one is neither written nor announced again. */
export interface DurationMemory {
  get(erpId: number): Promise<number | null>;
  set(erpId: number, seconds: number): Promise<void>;
}

/** The fingerprint of the last note queued for each helpdesk ticket, so a note never repeats the one before it. */
export interface LastNoteMemory {
  get(key: TicketKey): Promise<string | null>;
  set(key: TicketKey, fingerprint: string): Promise<void>;
}

/** Marks what the bridge itself wrote so its echo is not synced back. */
export interface EchoMarkers {
  mark(key: string, ttlSeconds?: number): Promise<void>;
  /** True (and the marker is removed) when the key was marked by the bridge. */
  consume(key: string): Promise<boolean>;
  /** Which of the keys are marked; none is removed. */
  marked(keys: readonly string[]): Promise<boolean[]>;
}

/** Remembers that an idempotent action happened (delivered event, processed delivery id). */
export interface OnceStore {
  /** True the first time a key is claimed, false afterwards. */
  claim(namespace: string, key: string, ttlSeconds?: number): Promise<boolean>;
  has(namespace: string, key: string): Promise<boolean>;
  release(namespace: string, key: string): Promise<void>;
  /** Claims an id of the ticket for ttlSeconds (inbound event ids): true the first time within that window. */
  claimRecent(namespace: string, ticket: TicketKey, id: string, ttlSeconds: number): Promise<boolean>;
  /** Whether claimRecent claimed the id for the ticket within the last ttlSeconds. */
  hasRecent(namespace: string, ticket: TicketKey, id: string, ttlSeconds: number): Promise<boolean>;
}

/** The last state pushed by a helpdesk that cannot be fetched (generic webhook). */
export interface SnapshotStore {
  get(key: TicketKey): Promise<PushedState | null>;
  /** Applies one pushed event atomically; out-of-order snapshots (older updatedAt) do not overwrite newer ones. */
  apply(helpdeskId: string, event: InboundEvent): Promise<void>;
  /** Empties the bodies of these articles (the rest of each article stays); a later snapshot carrying them brings them back. */
  forgetBodies(key: TicketKey, articleIds: readonly string[]): Promise<void>;
  /**
   * apply(), in the same step as the check that the event's id was not seen (claimRecent's marks): 'duplicate' stores
   * nothing. When `joining` names the job that will mirror the ticket and that job still waits, the id is marked seen in
   * that step too: 'joined', the event is done. 'stored': the caller still queues the mirror and marks the id;
   * 'unchanged': the event changes nothing stored, and the caller takes the usual path.
   */
  applyOnce?(helpdeskId: string, event: PushedEvent, seen: SeenEvent, joining?: WaitingJob): Promise<AppliedOnce>;
}

/** An event that carries pushed state (all but ticket.changed). */
export type PushedEvent = Exclude<InboundEvent, { type: 'ticket.changed' }>;
/** An inbound event's id, as claimRecent takes it. */
export interface SeenEvent {
  namespace: string;
  id: string;
  ttlSeconds: number;
}
export type AppliedOnce = 'duplicate' | 'joined' | 'stored' | 'unchanged';
/** Where the queue keeps the job a coalescing event would join (BullMQ's keys; JobQueues.waitingJob). */
export interface WaitingJob {
  dedupKey: string;
  activeKey: string;
  jobKeyPrefix: string;
  /** Joined only when its priority number is at most this: a person's change does not wait behind bulk work. */
  maxPriority: number;
}

export interface PushedState {
  snapshot?: TicketSnapshot;
  mergedInto?: string;
  deleted?: boolean;
}

export interface Cache<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlSeconds: number): Promise<void>;
}

/**
 * What `Outbox.put` found: the update is new and now stored; it was stored before and is not delivered yet (a run that
 * reported it may have stopped before queueing its delivery); or it was delivered already.
 */
export type OutboxPut = 'stored' | 'undelivered' | 'delivered';

/** Outbound updates waiting to be written to a helpdesk; jobs carry only their event id. */
export interface Outbox {
  /** Stores the update unless an update with this event id was stored or delivered before; says which. */
  put(helpdeskId: string, update: import('../plugin-sdk/plugin').OutboundUpdate): Promise<OutboxPut>;
  get(helpdeskId: string, eventId: string): Promise<import('../plugin-sdk/plugin').OutboundUpdate | null>;
  markDelivered(key: TicketKey, eventId: string): Promise<void>;
  /** Whether the update was delivered, and its text while it is stored: what a delivery needs, read at once. */
  stored(key: TicketKey, eventId: string): Promise<StoredUpdate>;
}

export interface StoredUpdate {
  delivered: boolean;
  update: import('../plugin-sdk/plugin').OutboundUpdate | null;
}

/**
 * Drops cached look-ups: every customer and contract answer (a third party, contact or contract changed in the ERP),
 * or only the contract answers (`contracts`: an intervention changed, so a contract's consumption moved).
 */
export interface AccountCacheControl {
  invalidate(scope?: 'contracts'): Promise<void>;
}

/** The ERP ticket's fields the mirror compares and steps read, as the bridge last wrote or read them. */
export type KnownErpTicket = Pick<
  import('../erp/dolibarr/types').DolTicket,
  | 'id'
  | 'ref'
  | 'trackId'
  | 'subject'
  | 'status'
  | 'typeCode'
  | 'categoryCode'
  | 'severityCode'
  | 'socid'
  | 'contractId'
  | 'userAssignId'
  | 'extrafields'
  | 'originEmail'
  | 'progress'
  | 'closedAt'
  | 'readAt'
>;

/**
 * The ERP ticket as last written or read, so a mirror run need not read it again: the bridge's own writes
 * answer it, and every change an ERP user makes reaches the reflect path (webhook or poll), which reads it.
 */
export interface ErpTicketMemory {
  /** The ERP ticket `erpId` as known for the helpdesk ticket `key`; null when not known (or known as another one's). */
  get(key: TicketKey, erpId: number): Promise<KnownErpTicket | null>;
  set(key: TicketKey, ticket: KnownErpTicket): Promise<void>;
  forget(key: TicketKey): Promise<void>;
}

/** The state changes the bridge saw, for helpdesks whose plugin reads no history. */
export interface StateHistoryStore {
  /**
   * Adds a change when the state differs from the last one recorded and is not older than it;
   * returns the whole history, oldest first.
   */
  record(key: TicketKey, change: StateChange): Promise<StateChange[]>;
}

/** What a deadline is about: one per ticket and target, so planning again replaces the earlier one. */
export type DeadlineSlot = 'first-response' | 'resolution' | 'escalation' | 'dev-issue-due';

/** Wakes the engine up for a ticket at an instant (delayed job), instead of scanning tickets every minute. */
export interface DeadlinePlanner {
  /** Plans the slot's check at `at`, replacing the slot's earlier plan; null cancels it. */
  plan(key: TicketKey, slot: DeadlineSlot, at: Date | null): Promise<void>;
}

/** Per-ticket service-level figures for the report and the open-ticket gauges. */
export interface SlaRecordStore {
  /** Keeps the ticket's latest record under the month (YYYY-MM) it was opened in. */
  save(month: string, record: SlaRecord): Promise<void>;
  listMonth(month: string): Promise<SlaRecord[]>;
  /** Drops a ticket that no longer has a service level (its type became excluded, its policy went away). */
  forget(month: string, key: TicketKey): Promise<void>;
  /** Open tickets by status. */
  openByStatus(): Promise<Record<SlaStatus, number>>;
}

/** A helpdesk ticket's development issue (dev escalation) and how far the bridge followed it. */
export interface DevIssueLink {
  trackerId: string;
  issueId: string;
  reference: string;
  url: string;
  /** The helpdesk ticket's number, as the issue carries it. */
  helpdeskNumber: string;
  createdAt: Date;
  /** When the helpdesk ticket is due: the agent is reminded from then on while the issue is open. */
  dueAt: Date;
  /** The last reminder sent to the agent. */
  remindedAt?: Date;
  /** When the bridge saw the issue done (or cancelled) and told the helpdesk. */
  doneAt?: Date;
  doneCategory?: 'done' | 'cancelled';
  /** The ERP ticket got the reference and the private message about the creation, then about the end. */
  erpCreatedNotedAt?: Date;
  erpDoneNotedAt?: Date;
}

/** Helpdesk ticket ↔ development issue, both ways; one issue per ticket. */
export interface DevIssueLinkStore {
  get(key: TicketKey): Promise<DevIssueLink | null>;
  /** Saves the link and the issue → ticket index atomically. */
  save(key: TicketKey, link: DevIssueLink): Promise<void>;
  ticketOfIssue(trackerId: string, issueId: string): Promise<TicketKey | null>;
}

/** Signed, expiring download links to an ERP ticket's documents, served by the bridge. */
export interface FileLinks {
  linkFor(erpRef: string, document: string): { url: string; expiresAt: Date };
}
