import type { DevTrackerPlugin, HelpdeskPlugin } from '../src/plugin-sdk';
import { jsmPlugin } from './jsm';
import { projeqtorPlugin } from './projeqtor';
import { rtPlugin } from './rt';
import { webhookPlugin } from './webhook';
import { znunyPlugin } from './znuny';

/** The plugins this build ships; the service hands them to the registry, and configuration picks them by name. */
export const SHIPPED_PLUGINS: readonly HelpdeskPlugin<unknown>[] = [webhookPlugin, znunyPlugin, rtPlugin, jsmPlugin];

/** The development-tracker plugins this build ships (`devTrackers.<id>.plugin`). */
export const SHIPPED_DEV_TRACKERS: readonly DevTrackerPlugin<unknown>[] = [projeqtorPlugin];
