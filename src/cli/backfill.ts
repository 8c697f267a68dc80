import cliProgress from 'cli-progress';
import type { AppConfig } from '../config/schema';
import type { DevTrackerPlugin, HelpdeskPlugin } from '../plugin-sdk';
import { createRuntime } from '../runtime';
import { backfill } from '../sync/operations/backfill';
import { InputError } from '../plugin-sdk';
import { scopedEngine } from '../jobs';

/** Queues a mirror job for every ticket changed since the date; the running service does the work. */
export async function backfillCommand(
  config: AppConfig,
  plugins: readonly HelpdeskPlugin<unknown>[],
  devTrackers: readonly DevTrackerPlugin<unknown>[],
  opts: { since: string; helpdesk?: string; restart?: boolean },
): Promise<void> {
  const since = new Date(opts.since);
  if (Number.isNaN(since.getTime())) throw new InputError(`--since: "${opts.since}" is not a date (use e.g. 2026-01-01)`);
  const rt = createRuntime(config, plugins, devTrackers);
  const bar = new cliProgress.SingleBar(
    { format: '{helpdeskId} [{bar}] {value} tickets queued, page {pages}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  try {
    const helpdeskIds = opts.helpdesk ? [opts.helpdesk] : [...rt.adapters.values()].filter((a) => a.listChanges).map((a) => a.id);
    if (!helpdeskIds.length)
      throw new InputError('no helpdesk can list its changes; push-only helpdesks (generic webhook) re-send their tickets instead');
    // Bulk: people's changes arriving meanwhile run first.
    const engine = scopedEngine(rt.engine, rt.queues)({ urgency: 'bulk' });
    for (const helpdeskId of helpdeskIds) {
      bar.start(0, 0, { helpdeskId, pages: 0 });
      const result = await backfill(engine, helpdeskId, since, { restart: opts.restart ?? false }, (queued, pages) => {
        bar.setTotal(queued);
        bar.update(queued, { helpdeskId, pages });
      });
      bar.stop();
      process.stdout.write(`${helpdeskId}: ${result.queued} ticket(s) queued in ${result.pages} page(s)${result.resumed ? ' (resumed)' : ''}\n`);
    }
  } finally {
    bar.stop();
    await rt.close();
  }
}
