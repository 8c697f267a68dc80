import { z } from 'zod';
import { stateCategorySchema } from '../plugin-sdk';
import { rulesConfigSchema } from './rules-schema';
import { slaConfigSchema } from './sla-schema';
import { devEscalationConfigSchema } from './dev-escalation-schema';

/** Dolibarr ticket statuses (Ticket class constants). There is no 4 or 6. */
export const DOLIBARR_TICKET_STATUSES = [0, 1, 2, 3, 5, 7, 8, 9] as const;
const ticketStatus = z
  .number()
  .int()
  .refine((n) => (DOLIBARR_TICKET_STATUSES as readonly number[]).includes(n), {
    message: `must be a Dolibarr ticket status (${DOLIBARR_TICKET_STATUSES.join(', ')})`,
  });

const positiveInt = z.number().int().positive();

export const dolibarrConfigSchema = z
  .object({
    url: z.string().url(),
    apiKey: z.string({ required_error: 'DOLIBARR_API_KEY is required (set it in the environment)' }).min(1, 'DOLIBARR_API_KEY is required'),
    timeoutMs: positiveInt.default(15000),
    /** The most calls in flight; the limiter lowers it while Dolibarr answers 429/503 or slows down. */
    concurrency: positiveInt.default(4),
    /** An optional hard cap on call starts per second; none by default (the adaptive limit is the guard). */
    ratePerSecond: positiveInt.optional(),
    maxRetries: z.number().int().min(0).max(10).default(4),
    retryBaseMs: positiveInt.default(250),
    retryMaxMs: positiveInt.default(8000),
    /** Sent as `caller` on every write; Dolibarr echoes it in webhook payloads (echo suppression). */
    // Dolibarr blanks a caller with other characters, which would silently disable echo suppression.
    caller: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only (Dolibarr blanks anything else)')
      .default('ticketbridge'),
  })
  .strict();

const helpdeskInstanceSchema = z
  .object({
    plugin: z.string().min(1),
    enabled: z.boolean().default(true),
    /** Plugin-specific settings, validated by the plugin's own schema at start-up. */
    settings: z.record(z.unknown()).default({}),
    /** Filled from TB_HELPDESK_<ID>_<NAME> environment variables only. */
    secrets: z.record(z.string()).default({}),
    /**
     * Which tickets opened in Dolibarr (not by this bridge) this helpdesk takes: every non-empty list must match;
     * `{}` takes them all; absent takes none.
     */
    erpTickets: z
      .object({
        types: z.array(z.string().min(1)).default([]),
        categories: z.array(z.string().min(1)).default([]),
        thirdParties: z.array(z.number().int().positive()).default([]),
        origins: z.array(z.enum(['email', 'portal', 'user'])).default([]),
        /** Customer for a ticket without one, for helpdesks that need a customer address (Znuny). */
        defaultCustomer: z.string().email().optional(),
      })
      .strict()
      .optional(),
    /**
     * Link to a ticket in the helpdesk, shown on the Dolibarr ticket card: {number} is the ticket number people use,
     * {id} the helpdesk's internal id. E.g. Znuny "https://znuny.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketNumber={number}",
     * RT "https://rt.example.com/Ticket/Display.html?id={id}".
     */
    ticketUrl: z
      .string()
      .regex(/^https?:\/\/[^\s"<>]+$/, 'must be an http(s) URL template without spaces, quotes or angle brackets')
      .refine((t) => t.includes('{number}') || t.includes('{id}'), 'must contain {number} or {id}')
      .optional(),
  })
  .strict();

export const mappingSchema = z
  .object({
    /** helpdesk ticket type → Dolibarr ticket type code (dictionary c_ticket_type). */
    types: z.record(z.string()).default({}),
    defaultType: z.string().default('OTHER'),
    /** helpdesk queue → Dolibarr ticket category code (c_ticket_category). */
    categories: z.record(z.string()).default({}),
    defaultCategory: z.string().default('OTHER'),
    /** helpdesk priority → Dolibarr severity code (c_ticket_severity). */
    severities: z.record(z.string()).default({}),
    defaultSeverity: z.string().default('NORMAL'),
    /** normalized state category → Dolibarr ticket status. */
    statusToErp: z.record(stateCategorySchema, ticketStatus).default({
      new: 0,
      open: 3,
      waiting_customer: 5,
      pending: 7,
      resolved: 8,
      closed: 8,
      merged: 9,
      removed: 9,
    }),
    /** Dolibarr ticket status → normalized state category, for ERP → helpdesk. */
    erpStatusToCategory: z
      .record(z.string().regex(/^\d+$/, 'must be a Dolibarr status number'), stateCategorySchema)
      .default({ '0': 'new', '1': 'open', '2': 'open', '3': 'open', '5': 'waiting_customer', '7': 'pending', '8': 'closed', '9': 'removed' }),
    /** helpdesk owner login → Dolibarr user login; otherwise matched by e-mail, then by identical login. */
    users: z.record(z.string()).default({}),
  })
  .strict();

/** A development tracker (ProjeQtor, ...) where support escalates reproduced bugs; see src/devtracker/registry.ts. */
const devTrackerInstanceSchema = z
  .object({
    plugin: z.string().min(1),
    enabled: z.boolean().default(true),
    /** Plugin-specific settings, validated by the plugin's own schema at start-up. */
    settings: z.record(z.unknown()).default({}),
    /** Filled from TB_DEVTRACKER_<ID>_<NAME> environment variables only. */
    secrets: z.record(z.string()).default({}),
  })
  .strict();

/** Files carried between the helpdesk and the ERP ticket's documents. */
const attachmentsConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Bigger files are not carried (a note says so); no file is held in memory beyond this. Dolibarr has no limit of its own. */
    maxBytes: positiveInt.max(100 * 1024 * 1024).default(10 * 1024 * 1024),
    /** MIME types carried, `type/*` allowed; empty means every type. */
    allowedTypes: z.array(z.string().regex(/^[a-z0-9.+-]+\/([a-z0-9.+-]+|\*)$/i, 'a MIME type like "image/png" or "image/*"')).default([]),
    /** Signed download links for helpdesks that take ERP files as links (generic webhook); needs `server.publicUrl`. */
    links: z
      .object({
        /** How long a link works after its update was delivered. */
        ttlHours: positiveInt.max(24 * 30).default(72),
        /** Signs the links; from FILE_LINK_SECRET only. Every instance of the bridge needs the same one. */
        secret: z.string().min(32, 'FILE_LINK_SECRET must be at least 32 characters').optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const syncConfigSchema = z
  .object({
    /** Prefix of the ERP ticket ref built from the helpdesk ticket number. */
    refPrefix: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,10}$/)
      .default('HD'),
    workerConcurrency: positiveInt.default(4),
    /**
     * Webhook requests made durable at once; more wait their turn. The intake and the workers share one process: a
     * burst from many helpdesk connections otherwise took the CPU the workers need to keep Dolibarr busy.
     */
    intakeConcurrency: positiveInt.default(4),
    /**
     * How long a ticket's job waits for more events before it runs. Events arriving while the job waits or runs are
     * merged into it, or into one follow-up run, whatever this is; so the default 0 runs a lone ticket's first event at
     * once (a 300 ms wait was most of a lone ticket's delay) and a burst costs at most one more run.
     */
    coalesceMs: z.number().int().min(0).default(0),
    jobAttempts: positiveInt.default(10),
    backoffMs: positiveInt.default(1000),
    helpdeskPollSeconds: z.number().int().min(0).default(60),
    erpPollSeconds: z.number().int().min(0).default(120),
    /** A job of a worker that died is taken up again after about this long (BullMQ lock and stalled check). */
    jobLockMs: z.number().int().min(1000).default(30000),
    /** Create helpdesk tickets for tickets opened in Dolibarr, in the helpdesks whose `erpTickets` take them. */
    createHelpdeskTicketsFromErp: z.boolean().default(true),
    attachments: attachmentsConfigSchema.default({}),
    /** Per outbound event type: write a helpdesk note (true) or not (false). Unset types follow the default policy. */
    notes: z.record(z.boolean()).default({}),
  })
  .strict();

/** One Sentinel of the set that watches the primary. */
const redisSentinelSchema = z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535).default(26379) }).strict();

/**
 * One Redis endpoint (`url`), or the Sentinels that name the current primary (`sentinels` and `sentinelName`; `url`
 * is then not used). The passwords come from the environment only: REDIS_PASSWORD (the primary's, when the URL has
 * none) and REDIS_SENTINEL_PASSWORD (the Sentinels' own, when they require one).
 */
const redisConfigSchema = z
  .object({
    url: z.string().url().default('redis://127.0.0.1:6379'),
    prefix: z.string().min(1).default('tb'),
    sentinels: z.array(redisSentinelSchema).min(1).max(32).optional(),
    sentinelName: z.string().min(1).max(255).optional(),
    password: z.string().min(1).optional(),
    sentinelPassword: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.sentinels && !r.sentinelName)
      ctx.addIssue({
        code: 'custom',
        path: ['sentinelName'],
        message: 'required with redis.sentinels: the name the Sentinels monitor the primary under',
      });
    if (r.sentinelName && !r.sentinels)
      ctx.addIssue({
        code: 'custom',
        path: ['sentinels'],
        message: 'required with redis.sentinelName: the Sentinels to ask, e.g. [{host: sentinel-1, port: 26379}]',
      });
    if (r.sentinelPassword && !r.sentinels)
      ctx.addIssue({ code: 'custom', path: ['sentinelPassword'], message: 'REDIS_SENTINEL_PASSWORD is set but redis.sentinels is not' });
  })
  .default({});

export const configSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** The bridge's address as helpdesks reach it (signed file links), e.g. https://bridge.example.com */
        publicUrl: z
          .string()
          .url()
          .regex(/^https?:\/\//, 'must be an http(s) URL')
          .optional(),
      })
      .strict()
      .default({}),
    log: z
      .object({ level: z.enum(['error', 'warn', 'info', 'debug']).default('info') })
      .strict()
      .default({}),
    dolibarr: dolibarrConfigSchema,
    redis: redisConfigSchema,
    admin: z
      .object({ token: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional() })
      .strict()
      .default({}),
    dolibarrWebhook: z
      .object({ token: z.string().min(16, 'DOLIBARR_WEBHOOK_TOKEN must be at least 16 characters').optional() })
      .strict()
      .default({}),
    // 32 characters at most: the id is written in every track_id (128) and intervention marker (255) in Dolibarr.
    helpdesks: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'helpdesk ids are lowercase letters, digits and dashes, 32 characters at most'),
        helpdeskInstanceSchema,
      )
      .default({}),
    devTrackers: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'development tracker ids are lowercase letters, digits and dashes, 32 characters at most'),
        devTrackerInstanceSchema,
      )
      .default({}),
    mapping: mappingSchema.default({}),
    sync: syncConfigSchema.default({}),
    rules: rulesConfigSchema.default({}),
    sla: slaConfigSchema.default({}),
    devEscalation: devEscalationConfigSchema.default({}),
    templatesDir: z.string().optional(),
  })
  .strict();

export type AppConfig = z.infer<typeof configSchema>;
export type DolibarrConfig = z.infer<typeof dolibarrConfigSchema>;
export type MappingConfig = z.infer<typeof mappingSchema>;
export type SyncConfig = z.infer<typeof syncConfigSchema>;
export type HelpdeskInstanceConfig = z.infer<typeof helpdeskInstanceSchema>;
export type DevTrackerInstanceConfig = z.infer<typeof devTrackerInstanceSchema>;
