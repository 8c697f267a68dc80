import { z } from 'zod';

/** Znuny returns the same id as a number in one answer and a string in the next: read them all as strings. */
export const idSchema = z.union([z.string().min(1), z.number()]).transform((v) => String(v));
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

const attachmentSchema = z.object({
  Filename: text,
  ContentType: text,
  FilesizeRaw: z.union([z.string(), z.number()]).optional(),
  FileID: z.union([z.string(), z.number()]).optional(),
});

const articleSchema = z.object({
  ArticleID: idSchema,
  CreateTime: z.string(),
  From: text,
  Subject: text,
  Body: text,
  SenderType: text,
  IsVisibleForCustomer: z.coerce.number(),
  TimeUnit: z.coerce.number().default(0),
  Attachment: z.array(attachmentSchema).default([]),
});

const dynamicFieldSchema = z.object({ Name: z.string(), Value: z.unknown() });

const ticketSchema = z.object({
  TicketID: idSchema,
  TicketNumber: z.string().min(1),
  Title: text,
  Queue: text,
  Type: text,
  Priority: text,
  State: z.string(),
  StateType: z.string(),
  Owner: text,
  CustomerID: text,
  CustomerUserID: text,
  Created: z.string(),
  Changed: z.string(),
  Article: z.array(articleSchema).default([]),
  DynamicField: z.array(dynamicFieldSchema).default([]),
});

export const ticketGetSchema = z.object({ Ticket: z.array(ticketSchema).min(1) });

/** An empty result is `{}` with no TicketID key; one hit is still an array. */
export const ticketSearchSchema = z.object({ TicketID: z.array(idSchema).default([]) });

/** ArticleID is 0 (a number) on entries that concern no article. */
const historyEntrySchema = z.object({ HistoryType: z.string(), Name: text, CreateTime: z.string(), ArticleID: idSchema.default('0') });

export const historySchema = z.object({
  TicketHistory: z.array(z.object({ TicketID: idSchema, History: z.array(historyEntrySchema).default([]) })).default([]),
});

/** TicketCreate / TicketUpdate answers; ArticleID may be a number, a string or (several articles) an array. */
export const writeResultSchema = z.object({
  TicketID: idSchema,
  TicketNumber: z.union([z.string(), z.number()]).transform(String).optional(),
  ArticleID: z.union([idSchema, z.array(idSchema)]).optional(),
});

export type ZnunyTicket = z.infer<typeof ticketSchema>;
export type ZnunyArticle = z.infer<typeof articleSchema>;
export type ZnunyHistoryEntry = z.infer<typeof historyEntrySchema>;
