import { SchemaError, type DevIssueCategory } from '../../src/plugin-sdk';
import type { PqClient } from './client';
import { statusRowSchema, type StatusRow } from './schemas';

/**
 * What a status means, from its own flags (never its name or id: both are instance data). Changing idStatus
 * through the API does not maintain the ticket's done/idle flags (recorded), so the ticket's flags are not read.
 * A status that is idle without being done closes the ticket with nothing delivered: cancelled.
 */
export function categoryOf(status: StatusRow): DevIssueCategory {
  if (status.setCancelledStatus === '1') return 'cancelled';
  if (status.setDoneStatus === '1') return 'done';
  if (status.setIdleStatus === '1') return 'cancelled';
  if (status.setHandledStatus === '1') return 'in_progress';
  return 'open';
}

/** The instance's statuses, read once per adapter and again when a ticket shows one not seen yet. */
export class StatusCatalog {
  private statuses: Promise<Map<string, StatusRow>> | undefined;

  constructor(private readonly client: PqClient) {}

  async get(statusId: string, system: string): Promise<StatusRow> {
    const known = (await this.load(false)).get(statusId);
    if (known) return known;
    const fresh = (await this.load(true)).get(statusId);
    if (fresh) return fresh;
    throw new SchemaError(`ProjeQtor status ${statusId} is not in /api/Status/all`, { system, method: 'GET', path: 'Status/all', field: 'idStatus' });
  }

  private load(refresh: boolean): Promise<Map<string, StatusRow>> {
    if (refresh || !this.statuses) {
      const loading = this.client.read('Status/all', statusRowSchema).then((rows) => new Map(rows.map((r) => [r.id, r])));
      // A failed read is not kept: the next call asks again.
      loading.catch(() => {
        if (this.statuses === loading) this.statuses = undefined;
      });
      this.statuses = loading;
    }
    return this.statuses;
  }
}
