import { IANAZone } from 'luxon';
import { z } from 'zod';
import { stateCategorySchema, type StateCategory } from '../../src/plugin-sdk';

/**
 * Operations the plugin calls; each needs a provider operation of that type in the web service.
 * @public kept exported as the list an admin checks against, though code uses only its type.
 */
export const OPERATIONS = ['SessionCreate', 'TicketCreate', 'TicketGet', 'TicketSearch', 'TicketUpdate', 'TicketHistoryGet'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Routes of the shipped webservice/TicketBridge.yml. Znuny lets each admin choose them, hence configurable. */
export const DEFAULT_ROUTES: Record<Operation, string> = {
  SessionCreate: 'POST /Session',
  TicketCreate: 'POST /Ticket',
  TicketGet: 'GET /Ticket/:TicketID',
  TicketSearch: 'POST /TicketSearch',
  TicketUpdate: 'PATCH /Ticket/:TicketID',
  TicketHistoryGet: 'GET /TicketHistory/:TicketID',
};

/** Znuny's default state types. Mapping is by type: admins rename states, types are fixed. */
const DEFAULT_STATE_TYPES: Record<string, StateCategory> = {
  new: 'new',
  open: 'open',
  'pending reminder': 'pending',
  'pending auto': 'pending',
  closed: 'closed',
  merged: 'merged',
  removed: 'removed',
};

/** Category → Znuny state name for write-back. "merged" is absent: setting it is not a merge. */
export const DEFAULT_CATEGORY_STATES: Partial<Record<StateCategory, string>> = {
  new: 'new',
  open: 'open',
  waiting_customer: 'pending reminder',
  pending: 'pending reminder',
  resolved: 'closed successful',
  closed: 'closed successful',
  removed: 'removed',
};

const name = z.string().trim().min(1).max(200);
const route = z.string().regex(/^(GET|POST|PUT|PATCH|DELETE) \/\S*$/, 'must be "<METHOD> /path", e.g. "PATCH /Ticket/:TicketID"');
const zone = z.string().refine((z) => IANAZone.isValidZone(z), { message: 'must be an IANA time zone such as Europe/Berlin or UTC' });

export const znunySettingsSchema = z
  .object({
    /** …/nph-genericinterface.pl/Webservice/<Name>; the routes are appended to it. */
    baseUrl: z
      .string()
      .url()
      .regex(/\/nph-genericinterface\.pl\/Webservice(ID)?\/[^/]+\/?$/, 'must end with /nph-genericinterface.pl/Webservice/<WebServiceName>')
      .transform((u) => u.replace(/\/+$/, '')),
    routes: z
      .object({
        SessionCreate: route.default(DEFAULT_ROUTES.SessionCreate),
        TicketCreate: route.default(DEFAULT_ROUTES.TicketCreate),
        TicketGet: route.default(DEFAULT_ROUTES.TicketGet),
        TicketSearch: route.default(DEFAULT_ROUTES.TicketSearch),
        TicketUpdate: route.default(DEFAULT_ROUTES.TicketUpdate),
        TicketHistoryGet: route.default(DEFAULT_ROUTES.TicketHistoryGet),
      })
      .strict()
      .default({}),
    /** The agent the bridge acts as (rw on the mirrored queues). */
    userLogin: name,
    /** Znuny's OTRSTimeZone: every date string Znuny reads or writes is wall-clock time there. */
    timeZone: zone.default('UTC'),
    /** What one Znuny time unit is. */
    timeUnit: z.enum(['minutes', 'hours', 'seconds']).default('minutes'),
    excludedQueues: z.array(name).default(['Junk', 'Spam', 'Virus', 'Mailing']),
    stateTypeToCategory: z.record(name, stateCategorySchema).default(DEFAULT_STATE_TYPES),
    categoryToState: z.record(stateCategorySchema, name).default(DEFAULT_CATEGORY_STATES),
    /** States that need a PendingTime on update. */
    pendingStates: z.array(name).default(['pending reminder', 'pending auto close+', 'pending auto close-']),
    /** The state a reminder (an update's remindAt) puts the ticket in, with the reminder as its PendingTime. */
    reminderState: name.default('pending reminder'),
    /** Channel of the answers the customer sees (Email or Phone; Internal articles are the notes). */
    replyChannel: z.enum(['Email', 'Phone']).default('Email'),
    /** Pending time used when the update carries none (data.pendingUntil). */
    pendingHours: z
      .number()
      .positive()
      .max(24 * 365)
      .default(72),
    /** Queue, priority and customer fallback for tickets the bridge creates. */
    createQueue: name.default('Raw'),
    priorities: z
      .object({ default: name.default('3 normal') })
      .strict()
      .default({}),
    /** From of the bridge's notes; Znuny requires a valid e-mail address. */
    agentFromAddress: z.string().email(),
    dynamicFields: z
      .object({
        erpRef: name.default('DolibarrRef'),
        contract: name.default('DolibarrContract'),
        duration: name.default('DolibarrDuration'),
        quote: name.default('DolibarrQuote'),
      })
      .strict()
      .default({}),
    /** Header the invokers send with the shared secret (lowercase: Node lowercases header names). */
    webhookHeader: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'lowercase header name')
      .default('x-ticketbridge-token'),
    /** TicketSearch Limit per poll; raised automatically when more tickets share one second. */
    pollLimit: z.number().int().min(1).max(10000).default(200),
    timeoutMs: z.number().int().positive().default(15000),
  })
  .strict()
  // A reminder is a PendingTime, which only a pending state keeps.
  .refine((s) => s.pendingStates.includes(s.reminderState), { path: ['reminderState'], message: 'must be one of pendingStates' });

export type ZnunySettings = z.infer<typeof znunySettingsSchema>;

export const TIME_UNIT_SECONDS: Record<ZnunySettings['timeUnit'], number> = { seconds: 1, minutes: 60, hours: 3600 };
