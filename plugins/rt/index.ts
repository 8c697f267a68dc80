import type { HelpdeskPlugin } from '../../src/plugin-sdk';
import { createRtAdapter } from './adapter';
import { rtSettingsSchema, type RtSettings } from './settings';

/** Request Tracker 5 over REST2, polled (RT has no webhooks). Secret: `token` (TB_HELPDESK_<ID>_TOKEN). */
export const rtPlugin: HelpdeskPlugin<RtSettings> = {
  name: 'rt',
  configSchema: rtSettingsSchema,
  requiredSecrets: ['token'],
  create: createRtAdapter,
};

export type { RtSettings } from './settings';
