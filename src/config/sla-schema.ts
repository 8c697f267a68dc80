import { z } from 'zod';
import { timeZoneSchema } from './time-zone';
import { stateCategorySchema } from '../plugin-sdk';
import { holidayLibrary } from '../util/holiday-library';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];

const clock = '([01]\\d|2[0-3]):[0-5]\\d';
/** "09:00-12:00"; the end may be "24:00" (midnight at the end of the day). */
const timeRange = z
  .string()
  .regex(new RegExp(`^${clock}-(${clock}|24:00)$`), 'must be a range "HH:MM-HH:MM", e.g. "09:00-12:00"')
  .refine((r) => minutesOf(r.slice(0, 5)) < minutesOf(r.slice(6)), { message: 'a range must end after it starts' });

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

const dayRanges = z.array(timeRange).refine(
  (ranges) => {
    const sorted = [...ranges].sort();
    return sorted.every((r, i) => i === 0 || minutesOf(sorted[i - 1]!.slice(6)) <= minutesOf(r.slice(0, 5)));
  },
  { message: 'ranges of one day must not overlap' },
);

const OFFICE_DAY = ['09:00-12:00', '14:00-18:00'];

const hoursSchema = z
  .object(
    Object.fromEntries(WEEKDAYS.map((d) => [d, dayRanges.default(d === 'sat' || d === 'sun' ? [] : OFFICE_DAY)])) as Record<
      Weekday,
      z.ZodDefault<typeof dayRanges>
    >,
  )
  .strict()
  .refine((h) => WEEKDAYS.some((d) => h[d].length > 0), { message: 'a calendar must be open at least one range a week' });

const holidaysSchema = z
  .object({
    /** ISO country code known to the date-holidays library, e.g. FR. */
    country: z.string().min(2),
    /** Optional state / region codes of that library (e.g. country DE, state BY). */
    state: z.string().optional(),
    region: z.string().optional(),
    /** Which of the library's holiday types close the office. */
    types: z
      .array(z.enum(['public', 'bank', 'school', 'optional', 'observance']))
      .min(1)
      .default(['public']),
  })
  .strict();

export const calendarSchema = z
  .object({
    timeZone: timeZoneSchema,
    /** Opening hours per weekday; several ranges a day. Default: Mon–Fri 9:00–12:00 and 14:00–18:00. */
    hours: hoursSchema.default({}),
    /** Public holidays from the date-holidays library; absent = none. */
    holidays: holidaysSchema.optional(),
    /** Extra closed days (local dates), e.g. a bridge day or the company's closing week. */
    closedDays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')).default([]),
  })
  .strict();

const nonEmptyList = z.array(z.string().min(1)).default([]);

export const slaPolicySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'letters, digits, _ . - (at most 32)'),
    calendar: z.string().default('default'),
    /** Empty lists match everything. A policy named by the customer's contract wins over matching. */
    match: z
      .object({
        helpdesks: nonEmptyList,
        types: nonEmptyList,
        priorities: nonEmptyList,
        /** Dolibarr third-party codes (code_client) or names. */
        customers: nonEmptyList,
      })
      .strict()
      .default({}),
    firstResponseMinutes: z.number().int().positive().optional(),
    resolutionMinutes: z.number().int().positive().optional(),
    /** State categories that pause the clock (the ticket waits on the customer). */
    pauseStates: z.array(stateCategorySchema).default(['waiting_customer', 'pending']),
    /** State categories that stop the clock (the ticket is done). */
    stopStates: z.array(stateCategorySchema).default(['resolved', 'closed', 'merged', 'removed']),
    /** Helpdesk ticket types that do not count against this policy (a licence or patch request). */
    excludedTypes: nonEmptyList,
  })
  .strict()
  .refine((p) => p.firstResponseMinutes !== undefined || p.resolutionMinutes !== undefined, {
    message: 'a policy needs firstResponseMinutes or resolutionMinutes',
  })
  .refine((p) => !p.pauseStates.some((s) => p.stopStates.includes(s)), { message: 'a state cannot both pause and stop the clock' });

const escalationRuleSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,32}$/, 'letters, digits, _ . - (at most 32)'),
    helpdesks: nonEmptyList,
    /** The ticket is in one of these queues or has one of these owners (empty = any). */
    queues: nonEmptyList,
    owners: nonEmptyList,
    /** Escalate when not resolved after this much business time; absent = at once when types/priorities match. */
    afterMinutes: z.number().int().positive().optional(),
    /** Immediate escalation: these types or priorities go to level 2 at once. */
    types: nonEmptyList,
    priorities: nonEmptyList,
    calendar: z.string().default('default'),
    toQueue: z.string().min(1).optional(),
    toOwner: z.string().min(1).optional(),
    /** Internal note written on the ticket; {{reason}} and {{minutes}} are filled in. */
    note: z.string().min(1).default('Escalated to level 2: {{reason}}.'),
  })
  .strict()
  .refine((r) => r.toQueue || r.toOwner, { message: 'an escalation needs toQueue or toOwner' })
  .refine((r) => r.afterMinutes !== undefined || r.types.length > 0 || r.priorities.length > 0, {
    message: 'an escalation needs afterMinutes, or types / priorities for an immediate one',
  });

export const slaConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** A target is "at risk" once this share of its business time is used. */
    atRiskPercent: z.number().min(1).max(99).default(80),
    calendars: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'calendar names are lowercase letters, digits and dashes'), calendarSchema)
      .default({ default: {} }),
    /** Evaluated in order; the first that matches applies. */
    policies: z.array(slaPolicySchema).default([]),
    /** Support service product ref → policy name: a contract with that service gets that policy. */
    contractPolicies: z.record(z.string()).default({}),
    /** Contract extrafield naming its policy (takes precedence over contractPolicies). */
    contractPolicyField: z
      .string()
      .regex(/^[a-z0-9_]{1,64}$/)
      .default('tb_sla_policy'),
    escalations: z.array(escalationRuleSchema).default([]),
    /** Directory the `sla` report CSV files are written to. */
    reportDir: z.string().default('.'),
  })
  .strict()
  .superRefine((sla, ctx) => {
    const calendars = new Set(Object.keys(sla.calendars));
    const policies = new Set(sla.policies.map((p) => p.name));
    sla.policies.forEach((p, i) => {
      if (!calendars.has(p.calendar))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['policies', i, 'calendar'], message: `no calendar named "${p.calendar}"` });
    });
    sla.escalations.forEach((r, i) => {
      if (!calendars.has(r.calendar))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['escalations', i, 'calendar'], message: `no calendar named "${r.calendar}"` });
    });
    for (const [ref, name] of Object.entries(sla.contractPolicies)) {
      if (!policies.has(name)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['contractPolicies', ref], message: `no policy named "${name}"` });
    }
    if (policies.size !== sla.policies.length)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['policies'], message: 'policy names must be unique' });
    // Only a section in use loads the holiday library (holidayLibrary): a bridge without service levels keeps 20 MiB.
    if (!sla.enabled) return;
    let library: InstanceType<ReturnType<typeof holidayLibrary>> | undefined;
    for (const [name, calendar] of Object.entries(sla.calendars)) {
      const h = calendar.holidays;
      if (!h) continue;
      const path = ['calendars', name, 'holidays'];
      library ??= new (holidayLibrary())();
      if (!library.getCountries()[h.country]) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...path, 'country'],
          message: `unknown country "${h.country}" (date-holidays codes, e.g. FR)`,
        });
      } else if (h.state && !library.getStates(h.country)?.[h.state]) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...path, 'state'], message: `unknown state "${h.state}" for ${h.country}` });
      }
    }
  });

export { WEEKDAYS };
export type CalendarConfig = z.infer<typeof calendarSchema>;
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export type EscalationRule = z.infer<typeof escalationRuleSchema>;
export type SlaConfig = z.infer<typeof slaConfigSchema>;
