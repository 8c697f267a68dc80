import type { AppConfig } from './schema';
import { redact } from '../plugin-sdk';

/** The effective configuration with every secret masked, for `check-config` and the admin page. */
export function maskedConfig(config: AppConfig): unknown {
  return redact(config);
}
