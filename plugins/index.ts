import type { HelpdeskPlugin } from '../src/plugin-sdk';
import { jsmPlugin } from './jsm';
import { rtPlugin } from './rt';
import { webhookPlugin } from './webhook';
import { znunyPlugin } from './znuny';

/** The plugins this build ships; the service hands them to the registry, and configuration picks them by name. */
export const SHIPPED_PLUGINS: readonly HelpdeskPlugin<unknown>[] = [webhookPlugin, znunyPlugin, rtPlugin, jsmPlugin];
