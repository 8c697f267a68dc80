import type { HelpdeskAdapter, HelpdeskPlugin, PluginContext } from '../../src/plugin-sdk';
import { deliverFieldsTogether, registerSecret } from '../../src/plugin-sdk';
import { JsmClient } from './client';
import { checkCredentials, checkProjectVisible } from './credentials';
import { deliver } from './deliver';
import type { JsmDeps } from './deps';
import { fetchTicket } from './fetch-ticket';
import { jsmInbound } from './inbound';
import { listChanges } from './list-changes';
import { jsmSettingsSchema, type JsmSettings } from './settings';

/**
 * Jira Service Management Cloud: admin webhooks (signed with their secret) for speed, a JQL poll as the safety
 * net, both REST families (servicedeskapi and platform v3) with the API token of an agent account.
 * Secrets: `api_token`, `webhook_secret` (TB_HELPDESK_<ID>_API_TOKEN, TB_HELPDESK_<ID>_WEBHOOK_SECRET).
 */
export const jsmPlugin: HelpdeskPlugin<JsmSettings> = {
  name: 'jsm',
  configSchema: jsmSettingsSchema,
  requiredSecrets: ['api_token', 'webhook_secret'],
  create: createJsmAdapter,
};

function createJsmAdapter(ctx: PluginContext<JsmSettings>): HelpdeskAdapter {
  const apiToken = ctx.secrets.api_token ?? '';
  registerSecret(apiToken);
  registerSecret(ctx.secrets.webhook_secret);
  const client = new JsmClient({
    siteUrl: ctx.config.siteUrl,
    email: ctx.config.email,
    apiToken,
    timeoutMs: ctx.config.timeoutMs,
    system: ctx.helpdeskId,
    logger: ctx.logger,
    now: ctx.now,
  });
  let zone: Promise<string> | undefined;
  const deps: JsmDeps = {
    client,
    settings: ctx.config,
    helpdeskId: ctx.helpdeskId,
    logger: ctx.logger,
    now: ctx.now,
    // JQL literals are read in the API user's profile zone; asked once, forgotten if the asking failed.
    timeZone: () => {
      if (ctx.config.timeZone) return Promise.resolve(ctx.config.timeZone);
      zone ??= checkCredentials(deps).then(
        (me) => me.timeZone ?? 'UTC',
        (err: unknown) => {
          zone = undefined;
          throw err;
        },
      );
      return zone;
    },
  };
  return {
    id: ctx.helpdeskId,
    plugin: 'jsm',
    inbound: jsmInbound(ctx.config, ctx.secrets.webhook_secret ?? ''),
    fetchTicket: (ticketId) => fetchTicket(deps, ticketId),
    listChanges: (cursor, since) => listChanges(deps, cursor, since),
    deliver: (update) => deliver(deps, update),
    // Jira Cloud counts every call against the site's rate limit: a new ticket's link and contract go in one PUT.
    deliverMany: (updates) => deliverFieldsTogether(updates, (update) => deliver(deps, update)),
    customerReplies: true,
    reminders: true,
    ping: async () => {
      await checkCredentials(deps);
      await checkProjectVisible(deps);
    },
  };
}

export type { JsmSettings } from './settings';
