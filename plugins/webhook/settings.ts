import { z } from 'zod';

/** Only http(s): a file: or data: URL would be a misconfiguration, not a receiver. */
const httpUrl = z
  .string()
  .url()
  .pipe(z.string().refine((u) => /^https?:$/.test(new URL(u).protocol), { message: 'must be an http:// or https:// URL' }));

export const webhookSettingsSchema = z
  .object({
    /** Where ERP-side updates are POSTed; empty means the helpdesk takes no updates. */
    outboundUrl: z.union([z.literal(''), httpUrl]).default(''),
    /** How far a delivery's timestamp may be from our clock, either way, before it counts as a replay. */
    toleranceSeconds: z.number().int().min(1).max(86_400).default(300),
    outboundTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** The receiver takes `{ "events": [...] }`: a ticket's updates reported together go in one request. */
    outboundBatch: z.boolean().default(false),
    /** Hosts the bridge may fetch attachment links from (exact names); empty: files are not fetched. */
    attachmentHosts: z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name, optionally with :port')).default([]),
  })
  .strict();

export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;
