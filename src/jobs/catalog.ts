import { withHelpdeskId } from '../store/legacy-names';
import { z } from 'zod';

/**
 * The typed job catalog: every job the bridge runs, its payload (ids only: the
 * worker fetches current state, so a job is safe to run twice), the queue it
 * goes to, its retry policy, the lock that keeps jobs for one ticket apart and
 * the key under which a burst of events collapses into one run.
 */
export const QUEUE_NAMES = ['mirror', 'reflect'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobRetrySettings {
  attempts: number;
  /** Base of the exponential backoff; a rate limit's Retry-After wins when longer. */
  backoffMs: number;
}

export interface JobSpec<S extends z.ZodTypeAny> {
  queue: QueueName;
  schema: S;
  /** Overrides of the configured defaults (sync.jobAttempts, sync.backoffMs). */
  retry?: Partial<JobRetrySettings>;
  /** The lock held while the job runs: jobs sharing it never run at once. */
  lockKey(payload: z.infer<S>): string;
  /** What this job finds is catch-up work (a poll), whoever queued the job. */
  catchUp?: boolean;
  /** Jobs with the same key, queued while one waits, run once (undefined: this payload does not coalesce). */
  coalesceKey?(payload: z.infer<S>): string | undefined;
}

const helpdeskId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a helpdesk id');
const ticketId = z.string().min(1).max(200);
const erpId = z.number().int().positive();

const ticketLock = (p: { helpdeskId: string; ticketId: string }) => `ticket:${p.helpdeskId}:${p.ticketId}`;

const ERP_OBJECT_KINDS = ['ticket', 'message', 'intervention', 'proposal', 'invoice'] as const;

/** A payload naming a helpdesk; jobs queued before the rename say `source` (src/store/legacy-names.ts). */
const helpdeskPayload = <T extends z.ZodRawShape>(shape: T) => z.preprocess(withHelpdeskId, z.object(shape).strict());

const mirrorTicket = helpdeskPayload({ helpdeskId, ticketId });
const reflectErp = z.object({ kind: z.enum(ERP_OBJECT_KINDS), erpId, ticketErpId: erpId.optional(), contractId: erpId.optional() }).strict();
// Jobs queued before updates were delivered together name one `eventId`.
const withEventIds = (raw: unknown): unknown => {
  const value = withHelpdeskId(raw);
  if (!value || typeof value !== 'object' || !('eventId' in value) || 'eventIds' in value) return value;
  const { eventId, ...rest } = value as Record<string, unknown>;
  return { ...rest, eventIds: [eventId] };
};
const deliverUpdate = z.preprocess(
  withEventIds,
  z.object({ helpdeskId, ticketId, eventIds: z.array(z.string().min(1).max(200)).min(1).max(100) }).strict(),
);
const pollHelpdesk = helpdeskPayload({ helpdeskId });
const pollErp = z.object({}).strict();
const pollDevTracker = z.object({}).strict();
// hours: the estimate an admin gave (POST /admin/.../quote); absent for quotes the helpdesk triggered (default hours).
const raiseQuote = helpdeskPayload({
  helpdeskId,
  ticketId,
  requestId: z.string().min(1).max(200),
  hours: z.number().positive().max(10_000).optional(),
});

function spec<S extends z.ZodTypeAny>(s: JobSpec<S>): JobSpec<S> {
  return s;
}

export const jobCatalog = {
  /** helpdesk → ERP: reconcile one helpdesk ticket with its ERP ticket. */
  'mirror-ticket': spec({
    queue: 'mirror',
    schema: mirrorTicket,
    lockKey: ticketLock,
    coalesceKey: (p) => `mirror-ticket:${p.helpdeskId}:${p.ticketId}`,
  }),
  /** ERP → helpdesk: reflect a change of one ERP object. */
  'reflect-erp': spec({
    queue: 'reflect',
    schema: reflectErp,
    lockKey: (p) => (p.kind === 'ticket' ? `erp-ticket:${p.erpId}` : p.ticketErpId ? `erp-ticket:${p.ticketErpId}` : `erp-${p.kind}:${p.erpId}`),
    coalesceKey: (p) => (p.kind === 'ticket' ? `reflect-erp:ticket:${p.erpId}` : undefined),
  }),
  /** Writes a ticket's stored outbound updates to the helpdesk, in order. */
  'deliver-update': spec({ queue: 'reflect', schema: deliverUpdate, lockKey: ticketLock }),
  /** Lists helpdesk changes since the cursor; a missed webhook is caught here. */
  'poll-helpdesk': spec({
    queue: 'mirror',
    schema: pollHelpdesk,
    // The next scheduled poll retries anyway; a long retry chain would only overlap it.
    retry: { attempts: 3 },
    catchUp: true,
    lockKey: (p) => `poll:helpdesk:${p.helpdeskId}`,
  }),
  'poll-erp': spec({ queue: 'reflect', schema: pollErp, retry: { attempts: 3 }, catchUp: true, lockKey: () => 'poll:erp' }),
  /** A service-level or escalation deadline of a ticket has come: reconcile it (the clock is recomputed). */
  'sla-check': spec({ queue: 'mirror', schema: mirrorTicket, lockKey: ticketLock }),
  /** Raises a quote in the ERP for a ticket; requestId makes it idempotent. */
  'raise-quote': spec({ queue: 'mirror', schema: raiseQuote, lockKey: ticketLock }),
  /** Opens the ticket's development issue once (a mark, the webhook's `escalate`, the admin API) and tells the helpdesk. */
  'dev-escalate': spec({
    queue: 'mirror',
    schema: mirrorTicket,
    lockKey: ticketLock,
    coalesceKey: (p) => `dev-escalate:${p.helpdeskId}:${p.ticketId}`,
  }),
  /** Follows a ticket's development issue: done (tell the helpdesk), or past the due date (remind the agent). */
  'dev-issue-check': spec({ queue: 'mirror', schema: mirrorTicket, lockKey: ticketLock }),
  /** Lists the development tracker's changes since the cursor and queues a check per linked issue. */
  'poll-dev-tracker': spec({ queue: 'mirror', schema: pollDevTracker, retry: { attempts: 3 }, catchUp: true, lockKey: () => 'poll:dev-tracker' }),
} satisfies Record<string, JobSpec<z.ZodTypeAny>>;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]['schema']>;

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(jobCatalog, name);
}

/** The catalog entry of a job, typed by its name. */
export function jobSpec<N extends JobName>(name: N): JobSpec<z.ZodType<JobPayload<N>, z.ZodTypeDef, unknown>> {
  return jobCatalog[name] as unknown as JobSpec<z.ZodType<JobPayload<N>, z.ZodTypeDef, unknown>>;
}

export function retryPolicy(name: JobName, defaults: JobRetrySettings): JobRetrySettings {
  return { ...defaults, ...jobSpec(name).retry };
}
