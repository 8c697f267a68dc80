import {
  ForbiddenError,
  InputError,
  NotFoundError,
  parseAnswer,
  type DevIssue,
  type DevIssuePage,
  type DevNoteVisibility,
  type DevTrackerAdapter,
  type DevTrackerContext,
  type NewDevIssue,
} from '../../src/plugin-sdk';
import type { PqClient } from './client';
import { nextWindow } from './cursor';
import { externalReferenceCriterion, toExternalReference } from './external-ref';
import { toServerTime } from './local-time';
import { toDevIssue } from './mapper';
import { projectRowSchema, ticketRowSchema, type TicketRow } from './schemas';
import type { ProjeqtorSettings } from './settings';
import { categoryOf, StatusCatalog } from './statuses';

const PRIVACY: Readonly<Record<DevNoteVisibility, number>> = { public: 1, team: 2, private: 3 };

function ticketId(issueId: string): string {
  if (!/^\d+$/.test(issueId)) throw new InputError(`ProjeQtor ticket id "${issueId}" is not a number`);
  return issueId;
}

/** The adapter proper: one client, one status catalog, the settings. */
export function projeqtorAdapter(ctx: DevTrackerContext<ProjeqtorSettings>, client: PqClient): DevTrackerAdapter {
  const settings = ctx.config;
  const statuses = new StatusCatalog(client);
  const mapCtx = { webUrl: settings.webUrl, zone: settings.timeZone, system: ctx.trackerId };

  const toIssue = async (row: TicketRow): Promise<DevIssue> => toDevIssue(row, categoryOf(await statuses.get(row.idStatus, ctx.trackerId)), mapCtx);

  const getIssue = async (issueId: string): Promise<DevIssue | null> => {
    // Not found and not visible are the same empty list (recorded).
    const [row] = await client.read(`Ticket/${ticketId(issueId)}`, ticketRowSchema);
    return row ? toIssue(row) : null;
  };

  return {
    id: ctx.trackerId,
    plugin: 'projeqtor',

    async createIssue(issue: NewDevIssue): Promise<DevIssue> {
      const result = await client.write('Ticket', {
        name: issue.title,
        description: issue.description,
        idProject: settings.projectId,
        idTicketType: settings.ticketTypeId,
        // Mandatory through the API: there is no default status (recorded).
        idStatus: settings.initialStatusId,
        idUrgency: settings.urgencies[issue.urgency],
        ...(settings.priorities ? { idPriority: settings.priorities[issue.urgency] } : {}),
        externalReference: toExternalReference(issue.externalRef),
      });
      const created = await toIssue(
        parseAnswer(ticketRowSchema, result, 'ProjeQtor POST Ticket answer', { system: ctx.trackerId, method: 'POST', path: 'Ticket' }),
      );
      ctx.logger.info('ProjeQtor ticket created', { ticketId: created.id, reference: created.reference });
      return created;
    },

    getIssue,

    async findByExternalRef(externalRef: string): Promise<DevIssue[]> {
      const stored = toExternalReference(externalRef);
      const rows = await client.read(`Ticket/search/${externalReferenceCriterion(stored)}/idProject%3D${settings.projectId}`, ticketRowSchema);
      // The database collation is case-insensitive (recorded): only the exact value counts.
      return Promise.all(rows.filter((r) => r.externalReference === stored).map(toIssue));
    },

    async listChanges(cursor: string | null, since: Date): Promise<DevIssuePage> {
      const window = nextWindow(cursor, since, ctx.now(), settings.timeZone, settings.pollOverlapSeconds);
      // Our clock behind the cursor: nothing to ask yet, and the cursor must not move back.
      if (window.from >= window.to) return { issues: [], cursor: cursor ?? window.next };
      const rows = await client.read(`Ticket/updated/${window.from}/${window.to}`, ticketRowSchema);
      const seen = new Map<string, TicketRow>();
      for (const row of rows) if (String(row.idProject) === String(settings.projectId)) seen.set(`${row.id}@${row.lastUpdateDateTime}`, row);
      return { issues: await Promise.all([...seen.values()].map(toIssue)), cursor: window.next };
    },

    async addNote(issueId: string, text: string, visibility: DevNoteVisibility): Promise<void> {
      // ProjeQtor accepts a note on a ticket that does not exist (recorded): check first.
      if (!(await getIssue(issueId)))
        throw new NotFoundError(`ProjeQtor ticket ${issueId} does not exist or user "${settings.user}" cannot see it`, {
          system: ctx.trackerId,
          method: 'GET',
          path: `Ticket/${issueId}`,
        });
      await client.write('Note', {
        refType: 'Ticket',
        refId: Number(issueId),
        note: text,
        idPrivacy: PRIVACY[visibility],
        // The API leaves creationDate empty unless it is sent (recorded).
        creationDate: toServerTime(ctx.now(), settings.timeZone),
      });
    },

    async ping(): Promise<void> {
      const [project] = await client.read(`Project/${settings.projectId}`, projectRowSchema);
      if (!project) {
        throw new ForbiddenError(
          `ProjeQtor user "${settings.user}" cannot see project ${settings.projectId} (projectId): allocate the user to it, or fix projectId`,
          {
            system: ctx.trackerId,
            method: 'GET',
            path: `Project/${settings.projectId}`,
          },
        );
      }
      await statuses.get(String(settings.initialStatusId), ctx.trackerId);
    },
  };
}
