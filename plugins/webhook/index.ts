import type { HelpdeskAdapter, HelpdeskPlugin, PluginContext } from '../../src/plugin-sdk';
import { createInbound } from './inbound';
import { createDeliver } from './outbound';
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
    if (!secret) throw new Error(`helpdesk ${ctx.instanceId}: the webhook plugin needs the "secret" secret`);
    const inbound = createInbound({ instanceId: ctx.instanceId, secret, toleranceSeconds: ctx.config.toleranceSeconds, now: () => ctx.now() });
    const adapter: HelpdeskAdapter = { id: ctx.instanceId, plugin: 'webhook', inbound };
    if (!ctx.config.outboundUrl) return adapter;
    const deliver = createDeliver({
      instanceId: ctx.instanceId,
      secret,
      url: ctx.config.outboundUrl,
      timeoutMs: ctx.config.outboundTimeoutMs,
      now: () => ctx.now(),
      logger: ctx.logger,
    });
    return { ...adapter, deliver };
  },
};

export default webhookPlugin;
export { signPayload, verifySignature, computeSignature, TIMESTAMP_HEADER, SIGNATURE_HEADER, EVENT_ID_HEADER } from './signature';
export type { WebhookSettings } from './settings';
