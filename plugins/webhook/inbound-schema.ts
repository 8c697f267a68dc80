import { z } from 'zod';
import { articleSchema, attachmentSchema, ticketSchema, timeEntrySchema } from '../../src/plugin-sdk';

/** The most events one delivery may carry; larger batches are split by the sender. */
const MAX_BATCH = 100;
/** A single time entry longer than a day is a unit mix-up (minutes or milliseconds sent as seconds). */
const MAX_ENTRY_SECONDS = 86_400;

const DATE_MESSAGE = 'Invalid date (expected ISO 8601 with a time zone, e.g. 2024-05-01T09:30:00Z)';

/** False for calendar days that do not exist: Date would silently roll 2024-02-30 into March. */
function realCalendarDay(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** Stricter than the model's coercion: a number or a date without zone would be read ambiguously. */
const isoDate = z
  .string({ invalid_type_error: DATE_MESSAGE })
  .datetime({ offset: true, message: DATE_MESSAGE })
  .pipe(z.string().refine(realCalendarDay, { message: DATE_MESSAGE }))
  .transform((s) => new Date(s));

const id = z.string().min(1).max(200);

/** More fields than this is not a helpdesk's form but a dump; each one is kept in the ticket's snapshot. */
const MAX_CUSTOM_FIELDS = 100;
const customFieldsSchema = z
  .record(
    z.string().trim().min(1, 'a field name must not be empty').max(255, 'a field name must be at most 255 characters'),
    z.string().max(10_000, 'a field value must be at most 10000 characters'),
  )
  .refine((fields) => Object.keys(fields).length <= MAX_CUSTOM_FIELDS, { message: `at most ${MAX_CUSTOM_FIELDS} custom fields` });

/** The normalized ticket minus `helpdeskId`: the bridge sets it to the helpdesk id the delivery was sent to. */
const inboundTicketSchema = ticketSchema
  .omit({ helpdeskId: true })
  .extend({ createdAt: isoDate, updatedAt: isoDate, closedAt: isoDate.optional(), customFields: customFieldsSchema.optional() });
const inboundAttachmentSchema = attachmentSchema.extend({ expiresAt: isoDate.optional() });
const inboundArticleSchema = articleSchema.extend({ createdAt: isoDate, attachments: z.array(inboundAttachmentSchema).default([]) });
const inboundTimeEntrySchema = timeEntrySchema.extend({
  seconds: z.number().int().min(0, 'must not be negative').max(MAX_ENTRY_SECONDS, 'must be at most 86400 (24 hours)'),
  start: isoDate,
  bookedAt: isoDate.optional(),
});

const envelope = {
  /** Client-generated, unique per event and unchanged when the event is sent again. */
  eventId: id,
  occurredAt: isoDate,
};

export const inboundEventSchema = z
  .discriminatedUnion('type', [
    z.object({
      ...envelope,
      type: z.literal('ticket.upserted'),
      ticket: inboundTicketSchema,
      articles: z.array(inboundArticleSchema).max(10_000).default([]),
      timeEntries: z.array(inboundTimeEntrySchema).max(10_000).default([]),
    }),
    z.object({ ...envelope, type: z.literal('article.added'), ticketId: id, article: inboundArticleSchema }),
    z.object({ ...envelope, type: z.literal('time_entry.added'), ticketId: id, timeEntry: inboundTimeEntrySchema }),
    z.object({ ...envelope, type: z.literal('time_entry.changed'), ticketId: id, timeEntry: inboundTimeEntrySchema }),
    z.object({ ...envelope, type: z.literal('time_entry.removed'), ticketId: id, timeEntryId: id }),
    z.object({ ...envelope, type: z.literal('ticket.merged'), ticketId: id, intoTicketId: id }),
    z.object({ ...envelope, type: z.literal('ticket.deleted'), ticketId: id }),
    z.object({ ...envelope, type: z.literal('escalate'), ticketId: id }),
  ])
  .superRefine((event, ctx) => {
    if (event.type === 'ticket.merged' && event.ticketId === event.intoTicketId) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['intoTicketId'], message: 'a ticket cannot be merged into itself' });
    }
  });

export const inboundBatchSchema = z.object({ events: z.array(inboundEventSchema).min(1).max(MAX_BATCH) }).superRefine((batch, ctx) => {
  const firstIndex = new Map<string, number>();
  batch.events.forEach((event, i) => {
    const first = firstIndex.get(event.eventId);
    if (first === undefined) firstIndex.set(event.eventId, i);
    else ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['events', i, 'eventId'], message: `duplicate of events.${first}.eventId` });
  });
});

export type WebhookEvent = z.infer<typeof inboundEventSchema>;
