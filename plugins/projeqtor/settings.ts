import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { DevUrgency } from '../../src/plugin-sdk';

const id = z.number().int().positive();
const zone = z.string().refine((tz) => IANAZone.isValidZone(tz), { message: 'must be an IANA time zone such as Europe/Paris' });

/** DevUrgency → ProjeQtor id. The default is the stock Urgency list (recorded: 1 Blocking, 2 Urgent, 3 Not urgent). */
const urgencyIds: z.ZodType<Record<DevUrgency, number>, z.ZodTypeDef, unknown> = z
  .object({ critical: id.default(1), high: id.default(2), normal: id.default(3), low: id.default(3) })
  .strict()
  .default({});

const priorityIds: z.ZodType<Record<DevUrgency, number>, z.ZodTypeDef, unknown> = z.object({ critical: id, high: id, normal: id, low: id }).strict();

export const projeqtorSettingsSchema = z
  .object({
    /**
     * The API base in its rewritten form, e.g. https://pq.example.com/api/ (api/.htaccess.example): the
     * index.php?uri= form does not url-decode search criteria.
     */
    url: z
      .string()
      .url()
      .regex(/^https?:\/\/[^?#]*\/api\/?$/, 'must be the API base ending in /api/, e.g. https://pq.example.com/api/')
      .transform((u) => (u.endsWith('/') ? u : `${u}/`)),
    /** The web root people open, for links to a ticket (`<webUrl>/view/main.php?...`). */
    webUrl: z
      .string()
      .url()
      .regex(/^https?:\/\/[^?#]*$/, 'must be the web root, e.g. https://pq.example.com')
      .transform((u) => u.replace(/\/+$/, '')),
    /** The ProjeQtor user the API calls run as (its name, also the web server's Basic auth user). */
    user: z.string().trim().min(1),
    projectId: id,
    ticketTypeId: id,
    /** The status of a new ticket: the API has no default (idStatus is mandatory). */
    initialStatusId: id,
    urgencies: urgencyIds,
    priorities: priorityIds.optional(),
    /** The server's time zone (parameter paramDefaultTimezone): ProjeQtor dates carry no offset. */
    timeZone: zone.default('Europe/Paris'),
    /** The server's $aesKeyLength; both sides must agree or every write is refused. */
    aesBits: z.union([z.literal(128), z.literal(192), z.literal(256)]).default(128),
    /** How far back each poll reaches before the cursor: History dates are written after the change is committed. */
    pollOverlapSeconds: z.number().int().min(0).max(3600).default(120),
    timeoutMs: z.number().int().positive().default(15000),
  })
  .strict();

export type ProjeqtorSettings = z.infer<typeof projeqtorSettingsSchema>;
