import { z } from 'zod';

/** Configuration of the support rules (customer, contract, interventions, quotes, billing). */
export const rulesConfigSchema = z
  .object({
    customer: z
      .object({
        matchByDomain: z.boolean().default(true),
        publicDomains: z
          .array(z.string())
          .default(['gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.fr', 'hotmail.com', 'hotmail.fr', 'outlook.com', 'live.com', 'icloud.com', 'gmx.de', 'gmx.net', 'web.de', 'orange.fr', 'free.fr', 'laposte.net', 'proton.me', 'protonmail.com', 'aol.com', 'wanadoo.fr']),
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
        serviceRefs: z.array(z.string()).default(['SUPPORT-CONTRACT']),
        /** Or product category ids. */
        serviceCategoryIds: z.array(z.number().int()).default([]),
        /** Ticket types that are never covered by a contract (for example change requests). */
        notCoveredTypes: z.array(z.string()).default(['REQUEST']),
      })
      .strict()
      .default({}),
    interventions: z
      .object({
        grouping: z.enum(['ticket', 'ticket-day']).default('ticket'),
        validateOn: z.array(z.enum(['resolved', 'closed'])).default(['resolved', 'closed']),
        /** Longest single time entry accepted; longer ones are refused as absurd. */
        maxEntrySeconds: z.number().int().positive().default(24 * 3600),
        timeZone: z.string().default('Europe/Paris'),
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
        signedState: z.enum(['new', 'open', 'waiting_customer', 'pending', 'resolved', 'closed']).default('open'),
        refusedState: z.enum(['new', 'open', 'waiting_customer', 'pending', 'resolved', 'closed']).default('closed'),
      })
      .strict()
      .default({}),
    billing: z
      .object({
        hourlyServiceRef: z.string().default('SUPPORT-HOUR'),
        vatRate: z.number().min(0).default(20),
        /** Directory the billing CSV is written to. */
        outputDir: z.string().default('.'),
      })
      .strict()
      .default({}),
  })
  .strict();

export type RulesConfig = z.infer<typeof rulesConfigSchema>;
