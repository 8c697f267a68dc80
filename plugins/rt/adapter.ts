import { deliverFieldsTogether, type HelpdeskAdapter, type PluginContext, registerSecret } from '../../src/plugin-sdk';
import { RtClient } from './client';
import { createTicket } from './create-ticket';
import { deliver } from './deliver';
import { readAttachment } from './read-attachment';
import { fetchTicket, type RtDeps } from './fetch-ticket';
import { listChanges } from './list-changes';
import { listDictionaries, rtTicketUrl } from './dictionaries';
import { rtPageSchema } from './schemas';
import type { RtSettings } from './settings';
import { quote } from './ticketsql';

/** RT sends no webhooks: the adapter has no `inbound`; the engine polls listChanges. */
export function createRtAdapter(ctx: PluginContext<RtSettings>): HelpdeskAdapter {
  const token = ctx.secrets.token ?? '';
  registerSecret(token);
  const client = new RtClient({ url: ctx.config.url, token, timeoutMs: ctx.config.timeoutMs, system: ctx.helpdeskId });
  const deps: RtDeps = { client, settings: ctx.config, helpdeskId: ctx.helpdeskId, logger: ctx.logger };
  return {
    id: ctx.helpdeskId,
    plugin: 'rt',
    fetchTicket: (ticketId) => fetchTicket(deps, ticketId),
    listChanges: (cursor, since) => listChanges(deps, cursor, since),
    deliver: (update) => deliver(deps, update),
    // Each field write is a PUT and its read-back: a new ticket's link and contract go in one.
    deliverMany: (updates) => deliverFieldsTogether(updates, (update) => deliver(deps, update)),
    readAttachment: (_ticketId, articleId, attachment, maxBytes) => readAttachment(deps, articleId, attachment, maxBytes),
    moves: { queue: true, owner: true },
    customerReplies: true,
    reminders: true,
    createTicket: (ticket) => createTicket(deps, ticket),
    listDictionaries: () => listDictionaries(deps),
    ticketUrl: (ticketId) => rtTicketUrl(ctx.config.url, ticketId),
    // A search in the first queue proves the URL, the token and the queue rights in one cheap call.
    ping: async () => {
      await client.get('/tickets', { query: `Queue = ${quote(ctx.config.queues[0]!)} AND id = 0`, per_page: 1 }, rtPageSchema);
    },
  };
}
