import { DateTime } from 'luxon';
import { z } from 'zod';

/** Platform dates: "2026-11-23T09:41:02.327+0100" (offset without colon). */
export const jiraDate = z
  .string()
  .refine((s) => DateTime.fromISO(s).isValid, { message: 'must be an ISO 8601 date' })
  .transform((s) => DateTime.fromISO(s).toJSDate());

/** servicedeskapi dates: `{epochMillis, friendly, iso8601, jira}`. */
const sdDate = z.object({ epochMillis: z.number().int() }).transform((d) => new Date(d.epochMillis));

const numericId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

const userSchema = z
  .object({
    accountId: z.string().optional(),
    emailAddress: z.string().optional(),
    displayName: z.string().optional(),
    accountType: z.string().optional(),
  })
  .passthrough();
export type JiraUser = z.infer<typeof userSchema>;

const statusSchema = z.object({
  id: z.string(),
  name: z.string(),
  statusCategory: z.object({ key: z.string() }),
});

const attachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  mimeType: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
  created: jiraDate.optional(),
});

const issueLinkSchema = z.object({
  inwardIssue: z.object({ id: z.string(), key: z.string() }).optional(),
  outwardIssue: z.object({ id: z.string(), key: z.string() }).optional(),
});

/** Rich text of v3: ADF; a string when a site or webhook gives the v2 (wiki) form. */
const richText = z.union([z.string(), z.record(z.unknown())]).nullish();

/** GET /rest/api/3/issue/{id}: the fields the plugin reads; custom fields stay unknown here and are read by id. */
export const issueSchema = z.object({
  id: numericId,
  key: z.string(),
  fields: z
    .object({
      summary: z.string(),
      description: richText,
      status: statusSchema,
      priority: z.object({ name: z.string() }).nullish(),
      reporter: userSchema.nullish(),
      assignee: userSchema.nullish(),
      project: z.object({ key: z.string() }),
      created: jiraDate,
      updated: jiraDate,
      /** Set when the issue got a resolution (its workflow's done transition), cleared when reopened; null otherwise. */
      resolutiondate: jiraDate.nullish(),
      attachment: z.array(attachmentSchema).default([]),
      issuelinks: z.array(issueLinkSchema).default([]),
    })
    .passthrough(),
});
export type JiraIssue = z.infer<typeof issueSchema>;

/** The "Customer Request Type" field: `{requestType: {id, name, groupIds}}`. */
export const requestTypeFieldSchema = z
  .object({ requestType: z.object({ id: z.string(), name: z.string(), groupIds: z.array(z.string()).default([]) }) })
  .nullish();

/** The "Organizations" field: `[{id, name}]`. */
export const organizationsFieldSchema = z.array(z.object({ id: z.union([z.string(), z.number()]), name: z.string() })).nullish();

/** GET /rest/servicedeskapi/request/{id}: the reporter with e-mail, which the platform API may hide. */
export const customerRequestSchema = z.object({
  issueId: numericId,
  issueKey: z.string(),
  reporter: userSchema.optional(),
  currentStatus: z.object({ status: z.string(), statusCategory: z.string() }).optional(),
});

/** servicedeskapi pages: `{size, start, limit, isLastPage, values}`. */
export function sdPage<T extends z.ZodTypeAny>(item: T) {
  return z.object({ start: z.number().int(), size: z.number().int(), isLastPage: z.boolean(), values: z.array(item) });
}

export const sdCommentSchema = z.object({
  id: numericId,
  body: z.string(),
  public: z.boolean(),
  author: userSchema.optional(),
  created: sdDate,
});
export type SdComment = z.infer<typeof sdCommentSchema>;

const worklogSchema = z.object({
  id: numericId,
  issueId: numericId.optional(),
  author: userSchema.optional(),
  comment: richText,
  started: jiraDate,
  /** When it was logged (started is when the work began). */
  created: jiraDate.optional(),
  timeSpentSeconds: z.number().int(),
});
export type Worklog = z.infer<typeof worklogSchema>;

export const worklogPageSchema = z.object({
  startAt: z.number().int(),
  maxResults: z.number().int(),
  total: z.number().int(),
  worklogs: z.array(worklogSchema),
});

export const searchPageSchema = z.object({
  issues: z.array(z.object({ id: numericId, key: z.string(), fields: z.object({ updated: z.string() }) })),
  nextPageToken: z.string().optional(),
  isLast: z.boolean().optional(),
});

export const transitionsSchema = z.object({
  transitions: z.array(z.object({ id: z.string(), name: z.string(), to: z.object({ id: z.string(), name: z.string() }) })),
});

export const createdCommentSchema = z.object({ id: numericId, jsdPublic: z.boolean().optional() });

export const myselfSchema = z.object({ accountId: z.string(), timeZone: z.string().optional() });

export const projectSchema = z.object({ id: z.string(), key: z.string() });

const cycleTimes = {
  startTime: sdDate,
  breachTime: sdDate.optional(),
  breached: z.boolean(),
  goalDuration: z.object({ millis: z.number() }).optional(),
  remainingTime: z.object({ millis: z.number() }).optional(),
};

/** GET /rest/servicedeskapi/request/{id}/sla: per metric, completed cycles and at most one ongoing. */
export const slaInformationSchema = z.object({
  name: z.string(),
  completedCycles: z.array(z.object({ ...cycleTimes, stopTime: sdDate.optional() })).default([]),
  ongoingCycle: z.object({ ...cycleTimes, paused: z.boolean() }).optional(),
});
export type SlaInformation = z.infer<typeof slaInformationSchema>;

export const issueRefSchema = z.object({ id: numericId, key: z.string() });
