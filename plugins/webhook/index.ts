import type { HelpdeskAdapter, HelpdeskPlugin, PluginContext } from '../../src/plugin-sdk';
import { createAttachmentReader } from './read-attachment';
import { createInbound } from './inbound';
import { createDeliver, createDeliverMany } from './outbound';
import { webhookSettingsSchema, type WebhookSettings } from './settings';

/**
 * The generic webhook helpdesk: anything that can POST signed JSON events and,
 * optionally, receive signed updates. Push-only, so there is no fetch or poll:
 * the engine keeps the pushed snapshots.
 */
export const webhookPlugin: HelpdeskPlugin<WebhookSettings> = {
  name: 'webhook',
  configSchema: webhookSettingsSchema,
  requiredSecrets: ['secret'],
  create(ctx: PluginContext<WebhookSettings>): HelpdeskAdapter {
    const secret = ctx.secrets.secret;
    // An empty HMAC key would let anyone sign; the registry checks presence, this guards direct use.
    if (!secret) throw new Error(`helpdesk ${ctx.helpdeskId}: the webhook plugin needs the "secret" secret`);
    const inbound = createInbound({ helpdeskId: ctx.helpdeskId, secret, toleranceSeconds: ctx.config.toleranceSeconds, now: () => ctx.now() });
    const adapter: HelpdeskAdapter = { id: ctx.helpdeskId, plugin: 'webhook', inbound };
    if (ctx.config.attachmentHosts.length) {
      adapter.readAttachment = createAttachmentReader({
        helpdeskId: ctx.helpdeskId,
        hosts: ctx.config.attachmentHosts,
        timeoutMs: ctx.config.outboundTimeoutMs,
        now: () => ctx.now(),
      });
    }
    if (!ctx.config.outboundUrl) return adapter;
    const outbound = {
      helpdeskId: ctx.helpdeskId,
      secret,
      url: ctx.config.outboundUrl,
      timeoutMs: ctx.config.outboundTimeoutMs,
      now: () => ctx.now(),
      logger: ctx.logger,
    };
    // The receiver gets the update's `move`, `reply` and `remindAt` in the event and carries them out itself.
    return {
      ...adapter,
      deliver: createDeliver(outbound),
      ...(ctx.config.outboundBatch ? { deliverMany: createDeliverMany(outbound) } : {}),
      moves: { queue: true, owner: true },
      fileLinks: true,
      customerReplies: true,
      reminders: true,
    };
  },
};

export { signPayload, verifySignature } from './signature';
export type { WebhookSettings } from './settings';
