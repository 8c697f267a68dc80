import { getLogger } from '../../../src/logging/logger';
import { znunySettingsSchema, type ZnunySettings } from '../../../plugins/znuny/settings';
import { ZnunyClient } from '../../../plugins/znuny/client';
import type { ZnunyDeps } from '../../../plugins/znuny/fetch-ticket';

export const BASE = 'http://znuny.test/znuny/nph-genericinterface.pl/Webservice/TicketBridge';

export function settings(overrides: Record<string, unknown> = {}): ZnunySettings {
  return znunySettingsSchema.parse({ baseUrl: BASE, userLogin: 'tb-agent', agentFromAddress: 'bridge@helpdesk.example', ...overrides });
}

export function deps(s: ZnunySettings, now = new Date('2030-01-15T10:00:00Z')): ZnunyDeps {
  const log = getLogger('test.znuny');
  return { client: new ZnunyClient(s, 'tb-password', 'znuny-test', log), settings: s, helpdeskId: 'znuny-test', log, now: () => now };
}
