import { InputError } from '../../src/plugin-sdk';
import type { Logger } from '../../src/plugin-sdk';
import type { JsmClient } from './client';
import type { JsmSettings } from './settings';

/** What every JSM operation works with. */
export interface JsmDeps {
  client: JsmClient;
  settings: JsmSettings;
  /** The helpdesk instance id (configuration), set on its tickets. */
  helpdeskId: string;
  logger: Logger;
  /** The API user's time zone (settings, else read once from /myself). */
  timeZone(): Promise<string>;
  now(): Date;
}

/** Issue ids are numbers; anything else never reaches a URL. */
export function issuePath(prefix: string, issueId: string, rest = ''): string {
  if (!/^\d{1,18}$/.test(issueId)) throw new InputError('not a Jira issue id', [`ticketId: ${JSON.stringify(issueId).slice(0, 40)} is not a number`]);
  return `${prefix}/${issueId}${rest}`;
}
