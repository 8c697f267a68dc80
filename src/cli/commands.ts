import type { Command } from 'commander';
import type { AppConfig } from '../config/schema';
import type { DevTrackerPlugin, HelpdeskPlugin } from '../plugin-sdk';
import { startCommand } from './start';
import { checkConfigCommand } from './check-config';
import { replayCommand } from './replay';
import { relinkCommand } from './relink';
import { backfillCommand } from './backfill';
import { setupErpCommand } from './setup-erp';
import { billingCommand } from './billing';
import { slaReportCommand } from './sla-report';

export type LoadConfig = () => AppConfig;

/** `plugins` and `devTrackers` are the plugins this build ships, handed on to the commands that build adapters. */
export function registerCommands(
  program: Command,
  load: LoadConfig,
  plugins: readonly HelpdeskPlugin<unknown>[],
  devTrackers: readonly DevTrackerPlugin<unknown>[] = [],
): void {
  program
    .command('start')
    .description('run the service: webhooks, workers, polls, admin API')
    .action(() => startCommand(load(), plugins, devTrackers));
  program
    .command('check-config')
    .description('print the effective configuration (secrets masked) and check Dolibarr: reachable, key, version, modules, mappings')
    .action(async () => {
      process.exitCode = await checkConfigCommand(load(), plugins, devTrackers);
    });
  program
    .command('replay')
    .description('re-run failed jobs')
    .option('--job <id>', 'one failed job by id')
    .option('--name <name>', 'every failed job of this name')
    .option('--all', 'every failed job')
    .option('--list', 'only list failed jobs')
    .action(async (opts: { job?: string; name?: string; all?: boolean; list?: boolean }) => replayCommand(load(), plugins, devTrackers, opts));
  program
    .command('relink')
    .description('rebuild the ticket links from Dolibarr after Redis was lost')
    .action(async () => relinkCommand(load(), plugins, devTrackers));
  program
    .command('backfill')
    .description('mirror every helpdesk ticket changed since a date (resumable, idempotent)')
    .requiredOption('--since <date>', 'ISO date, e.g. 2026-01-01')
    .option('--helpdesk <id>', 'one helpdesk (default: every helpdesk that can list changes)')
    .option('--restart', 'ignore the saved progress and start again from --since')
    .action(async (opts: { since: string; helpdesk?: string; restart?: boolean }) => backfillCommand(load(), plugins, devTrackers, opts));
  program
    .command('setup-erp')
    .description('create the Dolibarr extrafields the bridge needs (idempotent)')
    .action(async () => setupErpCommand(load()));
  program
    .command('billing')
    .description('contract consumption and billable time for a month; creates draft invoices unless --dry-run')
    .requiredOption('--period <yyyy-mm>', 'the month, e.g. 2026-11')
    .option('--dry-run', 'print and write the CSV only')
    .option('--csv <file>', 'where to write the CSV (default: billing-<period>.csv in rules.billing.outputDir)')
    .action(async (opts: { period: string; dryRun?: boolean; csv?: string }) => billingCommand(load(), opts));
  program
    .command('sla')
    .description('service levels of the tickets opened in a month, per customer and per priority (printed and written as CSV)')
    .requiredOption('--period <yyyy-mm>', 'the month, e.g. 2026-11')
    .option('--dir <dir>', 'where to write the two CSV files (default: sla.reportDir)')
    .action(async (opts: { period: string; dir?: string }) => slaReportCommand(load(), opts));
}
