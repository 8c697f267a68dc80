import { IANAZone } from 'luxon';
import { z } from 'zod';
import { stateCategorySchema, type StateCategory, type BridgeField } from '../../src/plugin-sdk';

/**
 * RT's `default` lifecycle. RT has one waiting status and one happy terminal one, so `stalled` means "waiting for
 * the customer" and `resolved` means closed; `rejected` is a cancelled ticket. Defaults round-trip for every
 * category the ERP sends (new, open, waiting_customer, closed, removed); `pending` and `resolved` come back as
 * waiting_customer and closed.
 */
const DEFAULT_STATUS_TO_CATEGORY: Record<string, StateCategory> = {
  new: 'new',
  open: 'open',
  stalled: 'waiting_customer',
  resolved: 'closed',
  rejected: 'removed',
  deleted: 'removed',
};

/** Category → RT status for write-back. "merged" has no status: a merge is an action, not a state. */
const DEFAULT_CATEGORY_TO_STATUS: Partial<Record<StateCategory, string>> = {
  new: 'new',
  open: 'open',
  waiting_customer: 'stalled',
  pending: 'stalled',
  resolved: 'resolved',
  closed: 'resolved',
  removed: 'rejected',
};

const name = z.string().trim().min(1).max(200);
/** TicketSQL writes custom fields as CF.{Name}; a brace in the name cannot be expressed. */
const cfName = name.regex(/^[^{}]+$/, 'must not contain { or }');

export const rtSettingsSchema = z
  .object({
    /** RT's web root (WebBaseURL + WebPath), e.g. https://rt.example.com/rt; REST2 lives under /REST/2.0. */
    url: z
      .string()
      .url()
      .transform((u) => u.replace(/\/+$/, '').replace(/\/REST\/2\.0$/, '')),
    /** Queues the bridge mirrors; the first one receives tickets the bridge creates. */
    queues: z.array(name).min(1),
    /** Time zone of the API user in RT: TicketSQL date literals are read in it. Set it to UTC in RT. */
    timeZone: z
      .string()
      .default('UTC')
      .refine((tz) => IANAZone.isValidZone(tz), { message: 'must be an IANA time zone such as UTC or Europe/Paris' }),
    statusToCategory: z.record(name, stateCategorySchema).default(DEFAULT_STATUS_TO_CATEGORY),
    categoryToStatus: z.record(stateCategorySchema, name).default(DEFAULT_CATEGORY_TO_STATUS),
    /** Names of the ticket custom fields the bridge maintains (they must be applied to the queues). */
    customFields: z
      .object({
        erpRef: cfName.default('Dolibarr Ref'),
        contract: cfName.default('Dolibarr Contract'),
        duration: cfName.default('Dolibarr Duration'),
        quote: cfName.default('Dolibarr Quote'),
      })
      .strict()
      .default({}),
    /** Items per REST2 page (RT caps it at 100). */
    pageSize: z.number().int().min(2).max(100).default(100),
    /** Transaction ids re-read on each poll, for databases that commit a lower id after a higher one. */
    cursorOverlap: z.number().int().min(0).max(99).default(20),
    timeoutMs: z.number().int().positive().default(15000),
  })
  .strict()
  .refine((s) => s.cursorOverlap < s.pageSize, {
    message: 'must be smaller than pageSize, or a poll could return only already-seen transactions',
    path: ['cursorOverlap'],
  });

export type RtSettings = z.infer<typeof rtSettingsSchema>;

export const BRIDGE_FIELDS: readonly BridgeField[] = ['erpRef', 'contract', 'duration', 'quote'];

/** Unknown RT statuses (a custom lifecycle nobody mapped) count as open rather than failing the sync. */
export function categoryOf(settings: RtSettings, status: string): StateCategory {
  return settings.statusToCategory[status] ?? 'open';
}
