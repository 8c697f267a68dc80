import type { AppConfig } from '../config/schema';
import type { DevTrackerPlugin, HelpdeskPlugin } from '../plugin-sdk';
import { createRuntime } from '../runtime';
import { relinkFromErp } from '../sync/operations/relink';

export async function relinkCommand(
  config: AppConfig,
  plugins: readonly HelpdeskPlugin<unknown>[],
  devTrackers: readonly DevTrackerPlugin<unknown>[],
): Promise<void> {
  const rt = createRuntime(config, plugins, devTrackers);
  try {
    const result = await relinkFromErp(rt.engine, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(
      `relinked ${result.tickets} ticket(s), ${result.messages} message(s); skipped ${result.skipped} ERP ticket(s) not made by the bridge\n`,
    );
  } finally {
    await rt.close();
  }
}
