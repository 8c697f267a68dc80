import { z } from 'zod';

/**
 * The parts of RT REST2 JSON the plugin reads. RT sends numbers as strings, except the top-level `id` of a single
 * GET (a number), so ids accept both. Unknown keys are ignored: RT adds `_url`, `_hyperlinks` and more.
 */
export const rtId = z.union([z.string().min(1), z.number().int()]).transform(String);

const rtUserRef = z.object({
  id: rtId,
  Name: z.string().optional(),
  EmailAddress: z.string().optional(),
  RealName: z.string().optional(),
});

const rtCustomFieldValue = z.object({
  name: z.string(),
  values: z.array(z.string()).default([]),
});

export const rtTicketSchema = z.object({
  id: rtId,
  Subject: z.string().default(''),
  Status: z.string().min(1),
  Queue: z.object({ id: rtId, Name: z.string().optional() }),
  Owner: rtUserRef.optional(),
  Requestor: z.array(rtUserRef).default([]),
  Priority: z.union([z.string(), z.number()]).transform(String).optional(),
  Created: z.string(),
  LastUpdated: z.string(),
  /** UTC ISO; RT's "not set" is 1970-01-01T00:00:00Z. */
  Due: z.string().optional(),
  /** When RT last resolved or rejected it (UTC ISO); kept on reopen, and "not set" as for Due. */
  Resolved: z.string().optional(),
  CustomFields: z.array(rtCustomFieldValue).default([]),
});
export type RtTicket = z.infer<typeof rtTicketSchema>;

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

export const rtTransactionSchema = z.object({
  id: rtId,
  Type: z.string(),
  ObjectId: rtId.optional(),
  Created: z.string(),
  Creator: rtUserRef.optional(),
  /** Minutes; RT does not validate it, so it may be "abc" or "2.5" (see parseMinutes). */
  TimeTaken: z.union([z.string(), z.number()]).transform(String).optional(),
  Field: text,
  OldValue: text,
  NewValue: text,
  Data: text,
});
export type RtTransaction = z.infer<typeof rtTransactionSchema>;

export const rtAttachmentSchema = z.object({
  id: rtId,
  TransactionId: rtId,
  ContentType: text,
  Filename: text,
  ContentLength: z.union([z.string(), z.number()]).transform(Number).optional(),
  Content: text,
});
export type RtAttachment = z.infer<typeof rtAttachmentSchema>;

/** A collection page. For non-SuperUsers RT reports `total`/`pages` as null and filters rows after paging. */
export const rtPageSchema = z.object({
  count: z.number().int(),
  page: z.number().int(),
  per_page: z.number().int(),
  total: z.number().int().nullish(),
  pages: z.number().int().nullish(),
  next_page: z.string().optional(),
  items: z.array(z.unknown()),
});

export const rtCreatedSchema = z.object({ id: rtId });
