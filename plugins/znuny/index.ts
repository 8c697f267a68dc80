import { deliverFieldsTogether, type HelpdeskAdapter, type HelpdeskPlugin, InputError } from '../../src/plugin-sdk';
import { ZnunyClient } from './client';
import { createTicket } from './create-ticket';
import { deliver } from './deliver';
import { readAttachment } from './read-attachment';
import { fetchTicket, type ZnunyDeps } from './fetch-ticket';
import { znunyInbound } from './inbound';
import { listChanges } from './list-changes';
import { listDictionaries, znunyTicketUrl } from './dictionaries';
import { znunySettingsSchema, type ZnunySettings } from './settings';

/** The invoker header is the only proof a delivery comes from Znuny: a short secret can be guessed. */
const MIN_WEBHOOK_SECRET_LENGTH = 32;

/**
 * Znuny / OTRS through its GenericInterface REST web service (ship: webservice/TicketBridge.yml).
 * Pushes come from invokers and only say "ticket changed"; the incremental poll is the truth.
 */
export const znunyPlugin: HelpdeskPlugin<ZnunySettings> = {
  name: 'znuny',
  configSchema: znunySettingsSchema,
  requiredSecrets: ['password', 'webhook_secret'],
  create(ctx): HelpdeskAdapter {
    if (ctx.secrets.webhook_secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
      const variable = `TB_HELPDESK_${ctx.helpdeskId.toUpperCase().replace(/-/g, '_')}_WEBHOOK_SECRET`;
      throw new InputError(
        `helpdesks.${ctx.helpdeskId}: secret ${variable} must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters (e.g. openssl rand -hex 32)`,
      );
    }
    const deps: ZnunyDeps = {
      client: new ZnunyClient(ctx.config, ctx.secrets.password, ctx.helpdeskId, ctx.logger),
      settings: ctx.config,
      helpdeskId: ctx.helpdeskId,
      log: ctx.logger,
      now: () => ctx.now(),
    };
    return {
      id: ctx.helpdeskId,
      plugin: 'znuny',
      inbound: znunyInbound(ctx.config, ctx.secrets.webhook_secret),
      fetchTicket: (ticketId) => fetchTicket(deps, ticketId),
      listChanges: (cursor, since) => listChanges(deps, cursor, since),
      deliver: (update) => deliver(deps, update),
      // Each TicketUpdate is a whole web service call of Znuny's: a new ticket's link and contract go in one.
      deliverMany: (updates) => deliverFieldsTogether(updates, (update) => deliver(deps, update)),
      readAttachment: (ticketId, articleId, attachment, maxBytes) => readAttachment(deps, ticketId, articleId, attachment, maxBytes),
      moves: { queue: true, owner: true },
      customerReplies: true,
      reminders: true,
      createTicket: (ticket) => createTicket(deps, ticket),
      listDictionaries: () => listDictionaries(deps),
      ticketUrl: (ticketId) => znunyTicketUrl(ctx.config.baseUrl, ticketId),
      ping: async () => {
        await deps.client.call('TicketSearch', { params: { Limit: 1 } });
      },
    };
  },
};
