import { z } from 'zod';
import { timeZoneSchema } from './time-zone';

const doneCategory = z.enum(['resolved', 'closed']);
const helpdeskState = z.enum(['new', 'open', 'waiting_customer', 'pending', 'resolved', 'closed']);

/** Configuration of the support rules (customer, contract, interventions, quotes, billing). */
export const rulesConfigSchema = z
  .object({
    /** Time zone of "days" and "months": contract dates, ticket+day grouping, billing periods. */
    timeZone: timeZoneSchema,
    customer: z
      .object({
        matchByDomain: z.boolean().default(true),
        publicDomains: z
          .array(z.string())
          .default([
            'gmail.com',
            'googlemail.com',
            'yahoo.com',
            'yahoo.fr',
            'hotmail.com',
            'hotmail.fr',
            'outlook.com',
            'live.com',
            'icloud.com',
            'gmx.de',
            'gmx.net',
            'web.de',
            'orange.fr',
            'free.fr',
            'laposte.net',
            'proton.me',
            'protonmail.com',
            'aol.com',
            'wanadoo.fr',
          ]),
        defaultCountry: z.string().length(2).default('FR'),
        cacheTtlSeconds: z.number().int().min(0).default(600),
        /** "flag": leave the ERP ticket without third party and tell the helpdesk; "create": create a prospect with a contact. */
        unknown: z.enum(['flag', 'create']).default('flag'),
      })
      .strict()
      .default({}),
    contract: z
      .object({
        /** Product refs of services that count as support contracts. */
        serviceRefs: z.array(z.string().min(1)).min(1).default(['SUPPORT-CONTRACT', 'SUPPORT-HOUR']),
        /**
         * Prepaid hours per unit of a service whose product duration is not in hours
         * (e.g. a "1y" contract that includes 40 h: { "SUPPORT-CONTRACT": 40 }). Without an entry,
         * such a line covers tickets without counting hours.
         */
        hoursPerUnit: z.record(z.number().positive()).default({}),
        /** Dolibarr ticket type codes that are never covered by a contract (for example change requests). */
        notCoveredTypes: z.array(z.string()).default(['REQUEST']),
      })
      .strict()
      .default({}),
    interventions: z
      .object({
        grouping: z.enum(['ticket', 'ticket-day']).default('ticket'),
        /** Helpdesk state categories that validate the ticket's draft interventions. */
        validateOn: z.array(doneCategory).default(['resolved', 'closed']),
        /** Helpdesk state categories that also close the ticket's validated interventions (Dolibarr's "Done"); [] keeps them validated. */
        closeOn: z.array(doneCategory).default(['closed']),
        /** Longest single time entry accepted; longer ones are refused as absurd. */
        maxEntrySeconds: z
          .number()
          .int()
          .positive()
          .default(24 * 3600),
      })
      .strict()
      .default({}),
    quotes: z
      .object({
        serviceRef: z.string().default('SUPPORT-HOUR'),
        defaultHours: z.number().positive().default(1),
        validityDays: z.number().int().positive().default(30),
        /** Helpdesk ticket types or states that raise a quote automatically. */
        triggerTypes: z.array(z.string()).default([]),
        triggerStates: z.array(z.string()).default([]),
        signedState: helpdeskState.default('open'),
        refusedState: helpdeskState.default('closed'),
      })
      .strict()
      .default({}),
    billing: z
      .object({
        hourlyServiceRef: z.string().default('SUPPORT-HOUR'),
        /** VAT rate of invoice lines; absent = the hourly service product's own rate. */
        vatRate: z.number().min(0).optional(),
        /** Directory the billing CSV is written to. */
        outputDir: z.string().default('.'),
      })
      .strict()
      .default({}),
  })
  .strict();

export type RulesConfig = z.infer<typeof rulesConfigSchema>;
