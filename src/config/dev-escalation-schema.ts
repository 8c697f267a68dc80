import { z } from 'zod';

const DEV_URGENCIES = ['critical', 'high', 'normal', 'low'] as const;

const DURATION_UNITS_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "7d", "12h", "30m", "20s" → milliseconds (calendar time). */
const durationSchema = z
  .string()
  .regex(/^\d{1,6}[smhd]$/, 'must be a duration like "7d", "12h", "30m" or "20s"')
  .transform((d) => Number(d.slice(0, -1)) * DURATION_UNITS_MS[d.slice(-1) as keyof typeof DURATION_UNITS_MS])
  .refine((ms) => ms > 0, 'must be longer than zero');

const text = z.string().min(1).max(255);

/** What marks a helpdesk ticket as a development bug; a ticket matching any one mark is escalated. */
const markSchema = z.union([
  z.object({ type: text }).strict(),
  z.object({ queue: text }).strict(),
  z.object({ state: text }).strict(),
  z.object({ field: text, value: z.string().max(10_000) }).strict(),
]);

const helpdeskDevEscalationSchema = z
  .object({
    marks: z.array(markSchema).default([]),
    /** Which of the ticket's custom fields (Znuny dynamic fields, RT custom fields) hold each part of the bug report. */
    fields: z
      .object({ steps: text.optional(), environment: text.optional(), observed: text.optional(), expected: text.optional() })
      .strict()
      .default({}),
    /** Helpdesk priority name → urgency of the development issue; unlisted priorities get the built-in guess. */
    urgency: z.record(z.enum(DEV_URGENCIES)).default({}),
  })
  .strict();

export const devEscalationConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** The development tracker's id in `devTrackers`; checked at start-up. */
    tracker: z.string().min(1).optional(),
    /** Per helpdesk id: its marks, fields and urgencies. A helpdesk absent here is escalated only on request. */
    helpdesks: z.record(helpdeskDevEscalationSchema).default({}),
    /** Tell the customer (a public answer) that a development issue was opened, and when it is done. */
    replyToCustomer: z.boolean().default(true),
    /** How long after the escalation the helpdesk ticket is due (calendar time); a week, about five working days. */
    dueAfter: durationSchema.default('7d'),
    /** Once due and still open, the agent is reminded again this often. */
    chaseEvery: durationSchema.default('2d'),
    /** When the development issue is done: reopen the helpdesk ticket with a note, or only write the note. */
    onDone: z.enum(['reopen', 'note']).default('reopen'),
    /** Seconds between polls of the development tracker's changes; 0 stops polling. */
    pollSeconds: z.number().int().min(0).default(300),
  })
  .strict()
  .refine((c) => !c.enabled || c.tracker !== undefined, { message: 'devEscalation.tracker is required when enabled', path: ['tracker'] });

export type DevEscalationConfig = z.infer<typeof devEscalationConfigSchema>;
export type HelpdeskDevEscalation = z.infer<typeof helpdeskDevEscalationSchema>;
export type DevEscalationMark = z.infer<typeof markSchema>;
