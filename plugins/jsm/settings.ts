import { IANAZone } from 'luxon';
import { z } from 'zod';
import { stateCategorySchema, type StateCategory } from '../../src/plugin-sdk';

/**
 * The "Customer Services" portal workflow: seven statuses, each waiting on someone. Ouvert waits on the front desk,
 * Qualifié / En cours / En attente triage on support or an expert, En attente R&D on development (pending),
 * En attente client on the customer; Fermé is final (closed requests are never reopened).
 */
const DEFAULT_STATUS_TO_CATEGORY: Record<string, StateCategory> = {
  Ouvert: 'new',
  Qualifié: 'open',
  'En cours': 'open',
  'En attente triage': 'open',
  'En attente R&D': 'pending',
  'En attente client': 'waiting_customer',
  Fermé: 'closed',
};

/** Category → the status the bridge moves a request to (through a transition the workflow offers). */
export const DEFAULT_CATEGORY_TO_STATUS: Partial<Record<StateCategory, string>> = {
  new: 'Ouvert',
  open: 'En cours',
  waiting_customer: 'En attente client',
  pending: 'En attente R&D',
  resolved: 'Fermé',
  closed: 'Fermé',
  removed: 'Fermé',
};

const name = z.string().trim().min(1).max(200);
const customField = z.string().regex(/^customfield_\d+$/, 'must be a Jira custom field id such as customfield_10050');
const zone = z.string().refine((tz) => IANAZone.isValidZone(tz), { message: 'must be an IANA time zone such as Europe/Paris or UTC' });

export const jsmSettingsSchema = z
  .object({
    /** The Jira Cloud site, e.g. https://acme.atlassian.net (both REST families live under it). */
    siteUrl: z
      .string()
      .url()
      .regex(/^https?:\/\/[^/]+\/?$/, 'must be the site root, e.g. https://acme.atlassian.net')
      .transform((u) => u.replace(/\/+$/, '')),
    /** The agent account the API token belongs to (Basic auth is e-mail + token). */
    email: z.string().email(),
    /** The service desk (portal) id, as in /servicedesk/customer/portal/<id>. */
    serviceDeskId: z.string().regex(/^\d+$/, 'must be the numeric service desk id'),
    /** The Jira project key of the service desk, e.g. SPT. */
    projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,29}$/, 'must be a Jira project key such as SPT'),
    /** Extra JQL ANDed to the poll's query (e.g. to leave out a request type); the webhook's own filter should match it. */
    jql: z.string().max(2000).default(''),
    /**
     * The API user's profile time zone: JQL date literals are read in it. Left out, it is read from
     * GET /rest/api/3/myself once per start.
     */
    timeZone: zone.optional(),
    statusToCategory: z.record(name, stateCategorySchema).default(DEFAULT_STATUS_TO_CATEGORY),
    categoryToStatus: z.record(stateCategorySchema, name).default(DEFAULT_CATEGORY_TO_STATUS),
    /** Custom fields (single-line text) holding the fields the bridge maintains. Ids differ per site. */
    customFields: z.object({ erpRef: customField, contract: customField, duration: customField, quote: customField }).strict(),
    /** "Customer Request Type" field (request type with its group ids). */
    requestTypeField: customField.default('customfield_10010'),
    /** "Organizations" field (the customer's organisations); left out, no company is read. */
    organizationField: customField.optional(),
    /** Request type group id → name, so a request type reads "Assistance/Support" as the portal shows it. */
    requestTypeGroups: z.record(z.string().regex(/^\d+$/), name).default({}),
    /** Issues per JQL page (Jira caps it at 100 when fields are asked). */
    pageSize: z.number().int().min(2).max(100).default(50),
    /** Minutes re-read before the cursor: JQL has minute resolution and search is eventually consistent. */
    overlapMinutes: z.number().int().min(1).max(60).default(2),
    /**
     * Every so often the poll re-lists the open requests changed since polling began, so their SLA (which
     * changes with time, and has no webhook) is read again. 0 turns it off.
     */
    slaRefreshSeconds: z.number().int().min(0).max(86_400).default(900),
    timeoutMs: z.number().int().positive().default(15000),
  })
  .strict();

export type JsmSettings = z.infer<typeof jsmSettingsSchema>;

/** A status nobody mapped falls back on Jira's fixed status category. */
const BY_STATUS_CATEGORY: Record<string, StateCategory> = { new: 'new', indeterminate: 'open', done: 'closed' };

export function categoryOf(settings: JsmSettings, status: string, statusCategoryKey: string): StateCategory {
  const mapped = settings.statusToCategory[status];
  if (mapped) return mapped;
  const lower = status.toLowerCase();
  const key = Object.keys(settings.statusToCategory).find((k) => k.toLowerCase() === lower);
  return key ? settings.statusToCategory[key]! : (BY_STATUS_CATEGORY[statusCategoryKey.toLowerCase()] ?? 'open');
}
