import type { DevIssue, DevIssueCategory } from '../../src/plugin-sdk';
import { fromExternalReference } from './external-ref';
import { fromServerTime } from './local-time';
import type { TicketRow } from './schemas';

export interface MapContext {
  webUrl: string;
  zone: string;
  system: string;
}

/** A ticket's page in the web interface (ProjeQtor's direct-access link). */
function ticketUrl(webUrl: string, ticketId: string): string {
  return `${webUrl}/view/main.php?directAccess=true&objectClass=Ticket&objectId=${encodeURIComponent(ticketId)}`;
}

export function toDevIssue(row: TicketRow, category: DevIssueCategory, ctx: MapContext): DevIssue {
  return {
    id: row.id,
    // "--7" when the project and type have no code: still what people see on the ticket.
    reference: row.reference || row.id,
    title: row.name,
    status: row.nameStatus,
    category,
    ...(row.externalReference ? { externalRef: fromExternalReference(row.externalReference) } : {}),
    url: ticketUrl(ctx.webUrl, row.id),
    updatedAt: fromServerTime(row.lastUpdateDateTime, ctx.zone, 'lastUpdateDateTime', ctx.system),
  };
}
