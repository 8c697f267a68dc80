import { z } from 'zod';
import type { HelpdeskDictionaries } from '../../src/plugin-sdk';
import type { RtDeps } from './fetch-ticket';
import { allItems, collect } from './paging';
import { rtId } from './schemas';

const queueRefSchema = z.object({ id: rtId });
const queueSchema = z.object({ Name: z.string(), Disabled: z.union([z.string(), z.number()]).transform(String) });

/**
 * RT's queues (from /queues/all, each read for its name; disabled ones left out) and the statuses of the
 * lifecycle the plugin is configured with: REST2 has no endpoint listing a lifecycle's statuses.
 * RT has no ticket types, and its priorities are numbers: neither is listed.
 */
export async function listDictionaries(deps: RtDeps): Promise<HelpdeskDictionaries> {
  const refs = await collect(allItems(deps.client, '/queues/all', {}, 100, queueRefSchema));
  const queues: string[] = [];
  for (const { id } of refs) {
    const queue = await deps.client.get(`/queue/${id}`, {}, queueSchema);
    if (queue.Disabled !== '1') queues.push(queue.Name);
  }
  return { queues: queues.sort((a, b) => a.localeCompare(b)), states: Object.keys(deps.settings.statusToCategory) };
}

/** The ticket's page in RT's web interface. */
export function rtTicketUrl(baseUrl: string, ticketId: string): string {
  return `${baseUrl}/Ticket/Display.html?id=${encodeURIComponent(ticketId)}`;
}
