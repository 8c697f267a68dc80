import type { z } from 'zod';
import type { Logger } from './logger';
import type { AttachmentContent } from './attachment-content';
import type { FetchResult, StateCategory, Article, Attachment, TicketSnapshot, TimeEntry, Customer } from './model';

/**
 * The helpdesk plugin interface. A plugin translates one helpdesk to and from
 * the normalized model; it holds no business rules. Capabilities are optional
 * members: a helpdesk that cannot do something simply lacks the member.
 */
export interface HelpdeskPlugin<C = unknown> {
  /** The name used in configuration: `plugin: znuny`. */
  readonly name: string;
  /** The plugin's own settings schema (the `settings:` block of its helpdesk entry). */
  readonly configSchema: z.ZodType<C, z.ZodTypeDef, unknown>;
  /** Secrets it needs, read from TB_HELPDESK_<ID>_<NAME> (names lowercase here). */
  readonly requiredSecrets: readonly string[];
  create(ctx: PluginContext<C>): HelpdeskAdapter;
}

export interface PluginContext<C> {
  /** The helpdesk's id in configuration; it is the `helpdeskId` of its tickets. */
  readonly helpdeskId: string;
  readonly config: C;
  readonly secrets: Readonly<Record<string, string>>;
  readonly logger: Logger;
  now(): Date;
}

/** An HTTP request as received, before any parsing: signatures are computed over the raw bytes. */
export interface InboundRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
  query: Readonly<Record<string, unknown>>;
}

/** Events a helpdesk reports. `ticket.changed` only says "fetch it"; the others carry pushed data. */
export type InboundEvent = { eventId?: string } & (
  | { type: 'ticket.changed'; ticketId: string }
  | { type: 'ticket.upserted'; snapshot: TicketSnapshot }
  | { type: 'article.added'; ticketId: string; article: Article }
  | { type: 'time_entry.upserted'; ticketId: string; entry: TimeEntry }
  | { type: 'time_entry.removed'; ticketId: string; entryId: string }
  | { type: 'ticket.merged'; ticketId: string; intoId: string }
  | { type: 'ticket.deleted'; ticketId: string }
  /** An agent asks for the ticket to be escalated to the development tracker (webhook `escalate`, admin call). */
  | { type: 'ticket.dev_escalation_requested'; ticketId: string }
);

export interface InboundResult {
  events: InboundEvent[];
  /** What to answer once the events are queued; default 202 `{accepted: n}`. Znuny's invokers want `{}`. */
  response?: { status: number; body: unknown };
}

export interface InboundCapability {
  /**
   * Authenticates and validates one delivery. Throws InboundAuthError (→ 401) or
   * InputError (→ 400). Must have no side effects: nothing is queued when it throws.
   */
  receive(req: InboundRequest): InboundResult;
}

export interface ChangePage {
  /** Tickets changed since the cursor; each appears once per page. */
  ticketIds: string[];
  /** Events found by the poll that a fetch cannot show (merges, deletions of known tickets). */
  events?: InboundEvent[];
  /** Opaque cursor to pass to the next call; persisted by the engine after the page is queued. */
  cursor: string;
  /** True when another call right away would return more. */
  more: boolean;
}

export const OUTBOUND_EVENT_TYPES = [
  'erp.ticket_linked',
  'erp.status_changed',
  'erp.message_added',
  'customer.unresolved',
  'customer.ambiguous',
  'contract.resolved',
  'contract.none',
  'contract.unresolved',
  'owner.unresolved',
  'fields.unresolved',
  'duration.unresolved',
  'intervention.created',
  'intervention.validated',
  'time_entry.rejected',
  'attachment.rejected',
  'ticket.refused',
  'erp.document_added',
  'duration.updated',
  'quote.created',
  'quote.signed',
  'quote.refused',
  'sla.at_risk',
  'sla.breached',
  'ticket.escalated',
  'dev_issue.created',
  'dev_issue.overdue',
  'dev_issue.done',
] as const;
type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

/** The fields the bridge maintains on a helpdesk ticket. */
export type BridgeField = 'erpRef' | 'contract' | 'duration' | 'quote';

/** One thing the ERP side wants the helpdesk to know. Plugins render it their way. */
export interface OutboundUpdate {
  /** Unique and stable across retries: receivers deduplicate on it. */
  eventId: string;
  type: OutboundEventType;
  /** Helpdesk ticket id. */
  ticketId: string;
  occurredAt: Date;
  /** Structured facts (refs, hours, states) for helpdesks that take JSON. */
  data: Record<string, unknown>;
  /** Internal note text rendered from templates; always internal, never shown to the customer. */
  note?: string;
  /** Target state category; the plugin maps it to its own state name. */
  state?: StateCategory;
  fields?: Partial<Record<BridgeField, string>>;
  /** Files for the note (an ERP user's documents), their bytes filled in at delivery. */
  files?: OutboundFile[];
  /** Escalation: move the ticket to this queue and / or give it to this owner (agent login or group). */
  move?: TicketMove;
  /** A public answer to the customer (rendered from a template), for helpdesks with `customerReplies`. */
  reply?: string;
  /** Set the ticket's due date / pending reminder to this instant, for helpdesks with `reminders`. */
  remindAt?: Date;
}

/** A file going to the helpdesk with a note: a document an ERP user added to the ERP ticket. */
export interface OutboundFile {
  filename: string;
  size: number;
  /** The ERP ticket ref and document name, where the bytes are fetched when the update is delivered. */
  erpRef: string;
  erpDocument: string;
  /** The bytes and their type, filled in just before `deliver` (never kept in the outbox). */
  content?: Buffer;
  contentType?: string;
  /**
   * For adapters with `fileLinks`: a signed link where the bridge serves the file until `urlExpiresAt`, filled in
   * just before `deliver`. Absent when the bridge has no public URL configured (the note then only names the file).
   */
  url?: string;
  urlExpiresAt?: Date;
}

export interface TicketMove {
  queue?: string;
  owner?: string;
}

export interface DeliveryResult {
  /** Ids of articles / transactions the write created, so their echo is not mirrored back. */
  createdArticleIds?: string[];
}

export interface NewHelpdeskTicket {
  title: string;
  body: string;
  customer: Customer;
  stateCategory: StateCategory;
  erpRef: string;
}

/** The values a helpdesk offers for the fields the mapping translates (admin page); a list it cannot give is absent. */
export interface HelpdeskDictionaries {
  queues?: string[];
  types?: string[];
  priorities?: string[];
  states?: string[];
}

export interface HelpdeskAdapter {
  readonly id: string;
  readonly plugin: string;
  inbound?: InboundCapability;
  /**
   * Full current state. Absent for push-only helpdesks: the engine keeps their pushed snapshots. The engine checks it
   * against the model's length limits (text cut with a marker, or the ticket refused naming the field).
   */
  fetchTicket?(ticketId: string): Promise<FetchResult>;
  /** Changes since a cursor; null means "start from `since`". Must neither miss nor repeat ties. */
  listChanges?(cursor: string | null, since: Date): Promise<ChangePage>;
  /** Writes an ERP-side change back. Must be idempotent on `eventId`. */
  deliver?(update: OutboundUpdate): Promise<DeliveryResult>;
  /**
   * Writes several updates of one ticket in one call, in their order; only alongside `deliver`, which the bridge
   * still uses for a single update. A failure fails them all (each is idempotent on its `eventId`, so a retry that
   * repeats some is harmless). A run reports a new ticket's link and its contract together: one helpdesk call less.
   */
  deliverMany?(updates: OutboundUpdate[]): Promise<DeliveryResult>;
  /**
   * The content of one attachment of an article, as a stream read once. `maxBytes` is the bridge's limit: a
   * plugin that knows the size beforehand throws FileTooLargeError without reading. Absent: files are not carried.
   */
  readAttachment?(ticketId: string, articleId: string, attachment: Attachment, maxBytes: number): Promise<AttachmentContent>;
  /** Which parts of an update's `move` deliver() carries out (escalation); absent = none. */
  readonly moves?: { queue: boolean; owner: boolean };
  /** deliver() passes an update's files as signed download links (`url`) rather than their bytes. */
  readonly fileLinks?: boolean;
  /** deliver() writes an update's `reply` as an answer the customer sees; absent = it cannot. */
  readonly customerReplies?: boolean;
  /** deliver() sets an update's `remindAt` as the ticket's due date or pending reminder; absent = it cannot. */
  readonly reminders?: boolean;
  /** Creates a helpdesk ticket for one an ERP user opened in Dolibarr. */
  createTicket?(ticket: NewHelpdeskTicket): Promise<{ id: string; number: string }>;
  /** The helpdesk's current queues, types, priorities and states, for the admin page's dictionaries. */
  listDictionaries?(): Promise<HelpdeskDictionaries>;
  /** The ticket's page in the helpdesk's agent interface, for links from the admin page. */
  ticketUrl?(ticketId: string): string;
  /** Cheap reachability check for /readyz. */
  ping?(): Promise<void>;
  close?(): Promise<void>;
}
