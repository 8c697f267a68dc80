import type { AppConfig } from '../config/schema';
import type { DevTrackerPlugin, HelpdeskPlugin } from '../plugin-sdk';
import { startService } from '../service';
import { getLogger } from '../logging/logger';

/** Runs until SIGTERM / SIGINT, then finishes running jobs and exits. */
export async function startCommand(
  config: AppConfig,
  plugins: readonly HelpdeskPlugin<unknown>[],
  devTrackers: readonly DevTrackerPlugin<unknown>[] = [],
): Promise<void> {
  const service = await startService(config, plugins, devTrackers);
  const log = getLogger('cli.start');
  const stop = (signal: string) => {
    log.info('signal received', { signal });
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error('shutdown failed', { error: err });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
