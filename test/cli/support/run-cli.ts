import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { deleteKeysUnder } from '../../support/redis-keys';

const ROOT = path.resolve(__dirname, '../../..');
export const REDIS_URL = 'redis://127.0.0.1:6379';

export interface CliResult {
  /** Exit code (null when killed). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr, for assertions on what the user saw whichever stream it went to. */
  all: string;
}

export interface CliRun {
  /** The site configuration file (TICKETBRIDGE_CONFIG); secrets never go here. */
  config?: Record<string, unknown>;
  /** The whole environment of the command, besides PATH and TICKETBRIDGE_CONFIG (nothing is inherited). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs `ticketbridge <args>` as a user would: its own process, a site config file, environment variables. */
export async function runCli(args: string[], opts: CliRun = {}): Promise<CliResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-cli-'));
  const configFile = path.join(dir, 'site.yaml');
  fs.writeFileSync(configFile, YAML.stringify(opts.config ?? {}));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src/cli.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TICKETBRIDGE_CONFIG: configFile, LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 40_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  fs.rmSync(dir, { recursive: true, force: true });
  return { code, stdout, stderr, all: `${stdout}\n${stderr}` };
}

/** A Redis key prefix of its own for one test file. */
export function uniquePrefix(name: string): string {
  return `tb-cli-${name}-${process.pid}-${Date.now()}`;
}

export async function deleteKeys(prefix: string): Promise<number> {
  return deleteKeysUnder(`${prefix}:`);
}

/** Seeds the Dolibarr double with the services the default rules name (quotes, billing, contracts): check-config verifies they exist. */
export async function seedDefaultServices(controlUrl: string): Promise<void> {
  const seeded = await fetch(`${controlUrl}/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      products: [
        { ref: 'SUPPORT-HOUR', label: 'Support hour' },
        { ref: 'SUPPORT-CONTRACT', label: 'Support contract' },
      ],
    }),
  });
  if (!seeded.ok) throw new Error(`seeding the Dolibarr double answered ${seeded.status}`);
}
