import { z } from 'zod';

/**
 * The normalized model every helpdesk plugin translates to and from.
 * Ids are strings whatever type the helpdesk uses.
 */

/** Where a ticket stands, whatever the helpdesk calls its states; configuration maps these to Dolibarr statuses. */
const STATE_CATEGORIES = ['new', 'open', 'waiting_customer', 'pending', 'resolved', 'closed', 'merged', 'removed'] as const;
export const stateCategorySchema = z.enum(STATE_CATEGORIES);
export type StateCategory = z.infer<typeof stateCategorySchema>;

const id = z.string().min(1).max(200);
const date = z.coerce.date();

const customerSchema = z.object({
  email: z.string().max(320).optional(),
  phone: z.string().max(60).optional(),
  name: z.string().max(255).optional(),
  company: z.string().max(255).optional(),
});

const ownerSchema = z.object({
  login: z.string().max(255).optional(),
  email: z.string().max(320).optional(),
  name: z.string().max(255).optional(),
});

export const ticketSchema = z.object({
  helpdeskId: id,
  id,
  /** The number the helpdesk shows to people (Znuny TicketNumber, RT id, ...). */
  number: z.string().min(1).max(64),
  title: z.string().max(255),
  body: z.string().max(1_000_000).default(''),
  queue: z.string().max(255).optional(),
  type: z.string().max(255).optional(),
  priority: z.string().max(255).optional(),
  /** The helpdesk's own state name, kept for notes and write-back. */
  state: z.string().max(255),
  stateCategory: stateCategorySchema,
  customer: customerSchema.default({}),
  owner: ownerSchema.optional(),
  createdAt: date,
  updatedAt: date,
  /** Set when stateCategory is "merged": the helpdesk id of the ticket it was merged into. */
  mergedInto: id.optional(),
  /** When the helpdesk last closed or resolved it, by its own clock: decides which time entries came late. */
  closedAt: date.optional(),
  /** Helpdesk ids of other tickets this one names (a link, or its number in the text): a follow-up of a closed one. */
  references: z.array(id).max(50).optional(),
  /**
   * The helpdesk's own extra fields (Znuny dynamic fields, RT custom fields), by name, values as text (several
   * values joined by ", "): escalation marks and the development issue's description read them.
   */
  customFields: z.record(z.string().max(255), z.string().max(10_000)).optional(),
});

export const attachmentSchema = z.object({
  /** The helpdesk's own id of the file, within its article; the plugin reads the content by it. */
  id: z.string().min(1).max(255).optional(),
  filename: z.string().min(1).max(255),
  contentType: z.string().max(255).optional(),
  size: z.number().int().min(0).optional(),
  /** Where the bytes can be fetched (generic webhook: a signed, expiring link on an allowed host). */
  url: z.string().url().max(4096).optional(),
  expiresAt: date.optional(),
});

export const articleSchema = z.object({
  id,
  author: z.string().max(255).optional(),
  body: z.string().max(1_000_000),
  internal: z.boolean(),
  /** Written by an agent rather than the customer; absent when the helpdesk does not say (service levels then guess). */
  byAgent: z.boolean().optional(),
  createdAt: date,
  attachments: z.array(attachmentSchema).default([]),
});

export const timeEntrySchema = z.object({
  /** Stable id: the helpdesk's own, or derived from its record (article, transaction, worklog). */
  id,
  seconds: z.number().int(),
  start: date,
  /** When it was booked in the helpdesk (its own clock); the start when the helpdesk does not say. */
  bookedAt: date.optional(),
  author: z.string().max(255).optional(),
  note: z.string().max(10_000).optional(),
});

/**
 * Service-level state of a ticket, for helpdesks that track one (JSM SLA cycles): "breached" once any cycle
 * missed its goal, "paused" when every running cycle is paused, else "ok". `nextDueAt` is the earliest
 * breach time of the cycles still running.
 */
const helpdeskSlaSchema = z.object({
  status: z.enum(['ok', 'paused', 'breached']),
  nextDueAt: date.optional(),
});

/** One change of a ticket's state, as the helpdesk's history records it. */
const stateChangeSchema = z.object({
  at: date,
  stateCategory: stateCategorySchema,
});

export const ticketSnapshotSchema = z.object({
  ticket: ticketSchema,
  articles: z.array(articleSchema).default([]),
  timeEntries: z.array(timeEntrySchema).default([]),
  /** Absent when the helpdesk has no SLA for the ticket, or did not read it: the ERP keeps what it has. */
  helpdeskSla: helpdeskSlaSchema.optional(),
  /**
   * The ticket's state changes, oldest first, for helpdesks whose history the plugin reads; absent otherwise
   * (the engine then records the changes it sees). Service-level clocks are computed from it.
   */
  stateHistory: z.array(stateChangeSchema).optional(),
});

export type Customer = z.infer<typeof customerSchema>;
export type Owner = z.infer<typeof ownerSchema>;
export type HelpdeskTicket = z.infer<typeof ticketSchema>;
export type Article = z.infer<typeof articleSchema>;
export type Attachment = z.infer<typeof attachmentSchema>;
export type TimeEntry = z.infer<typeof timeEntrySchema>;
export type StateChange = z.infer<typeof stateChangeSchema>;
export type TicketSnapshot = z.infer<typeof ticketSnapshotSchema>;
export type HelpdeskSla = z.infer<typeof helpdeskSlaSchema>;

/** What fetching a ticket can find: its state, or that it is gone. */
export type FetchResult =
  { kind: 'found'; snapshot: TicketSnapshot } | { kind: 'merged'; into: string; snapshot?: TicketSnapshot } | { kind: 'deleted' };
