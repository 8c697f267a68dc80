#!/usr/bin/env node
import { Command } from 'commander';
import { loadConfig, ConfigError } from './config';
import { getLogger } from './logging/logger';
import { registerCommands } from './cli/commands';
import { SHIPPED_DEV_TRACKERS, SHIPPED_PLUGINS } from '../plugins';

/** `ticketbridge <command>`: every command loads and validates the configuration first. */
export function buildCli(): Command {
  const program = new Command('ticketbridge').description('Helpdesk ↔ Dolibarr bridge').showHelpAfterError();
  registerCommands(program, () => loadConfig(), SHIPPED_PLUGINS, SHIPPED_DEV_TRACKERS);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildCli().parseAsync(process.argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    getLogger('cli').error('command failed', { error: err });
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
