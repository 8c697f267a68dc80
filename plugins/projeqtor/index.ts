import { InputError, registerSecret, type DevTrackerAdapter, type DevTrackerContext, type DevTrackerPlugin } from '../../src/plugin-sdk';
import { projeqtorAdapter } from './adapter';
import { PqClient } from './client';
import { projeqtorSettingsSchema, type ProjeqtorSettings } from './settings';

/**
 * ProjeQtor (12.x) as the development tracker: tickets in one project and type, notes, and a poll of
 * /Ticket/updated/ in the server's wall clock. Secrets: `apikey` (encrypts writes) and `password` (the web
 * server's Basic auth in front of /api/; ProjeQtor itself checks no password), read from
 * TB_DEVTRACKER_<ID>_APIKEY and TB_DEVTRACKER_<ID>_PASSWORD.
 */
export const projeqtorPlugin: DevTrackerPlugin<ProjeqtorSettings> = {
  name: 'projeqtor',
  configSchema: projeqtorSettingsSchema,
  requiredSecrets: ['apikey', 'password'],
  create: createProjeqtorAdapter,
};

function createProjeqtorAdapter(ctx: DevTrackerContext<ProjeqtorSettings>): DevTrackerAdapter {
  const envPrefix = `TB_DEVTRACKER_${ctx.trackerId.toUpperCase().replace(/-/g, '_')}_`;
  const apiKey = ctx.secrets.apikey ?? '';
  if (!/^[0-9a-f]{32}$/.test(apiKey)) {
    throw new InputError(
      `devTrackers.${ctx.trackerId}: secret ${envPrefix}APIKEY must be the 32 lowercase hexadecimal characters shown as "API key" on the ProjeQtor user's screen`,
    );
  }
  const password = ctx.secrets.password ?? '';
  registerSecret(apiKey);
  registerSecret(password);
  const client = new PqClient({
    url: ctx.config.url,
    user: ctx.config.user,
    password,
    apiKey,
    aesBits: ctx.config.aesBits,
    timeoutMs: ctx.config.timeoutMs,
    projectId: ctx.config.projectId,
    system: ctx.trackerId,
    passwordVariable: `${envPrefix}PASSWORD`,
    logger: ctx.logger,
    now: () => ctx.now(),
  });
  return projeqtorAdapter(ctx, client);
}
