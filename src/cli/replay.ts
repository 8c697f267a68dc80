import type { AppConfig } from '../config/schema';
import type { DevTrackerPlugin, HelpdeskPlugin } from '../plugin-sdk';
import { createRuntime } from '../runtime';
import { JobAdmin } from '../jobs';

export async function replayCommand(
  config: AppConfig,
  plugins: readonly HelpdeskPlugin<unknown>[],
  devTrackers: readonly DevTrackerPlugin<unknown>[],
  opts: { job?: string; name?: string; all?: boolean; list?: boolean },
): Promise<void> {
  const rt = createRuntime(config, plugins, devTrackers);
  try {
    const admin = new JobAdmin(rt.queues);
    if (opts.list || (!opts.job && !opts.name && !opts.all)) {
      const failed = await admin.listFailed(undefined, 500);
      for (const job of failed) process.stdout.write(`${JSON.stringify(job)}\n`);
      process.stdout.write(`${failed.length} failed job(s). Replay with --job <id>, --name <job name> or --all.\n`);
      return;
    }
    const selection = opts.job ? { jobId: opts.job } : opts.name ? { name: opts.name } : { all: true as const };
    const replayed = await admin.replayFailed(selection);
    process.stdout.write(`replayed ${replayed.length} job(s)${replayed.length ? `: ${replayed.map((j) => `${j.name}#${j.id}`).join(', ')}` : ''}\n`);
  } finally {
    await rt.close();
  }
}
