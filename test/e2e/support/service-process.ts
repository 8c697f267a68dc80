import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');

/** The flags between `node` and the service's script in a command line. */
export function nodeFlagsOf(command: string[]): string[] {
  return command.slice(1, command.indexOf('dist/src/cli.js'));
}

/** The node flags a package.json script starts the service with (its last command). */
export function scriptNodeFlags(name: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return nodeFlagsOf(pkg.scripts[name].split('&&').pop()!.trim().split(/\s+/));
}

/** The node flags of `npm start`, so a compiled service runs as it does in production. */
export function startNodeFlags(): string[] {
  return scriptNodeFlags('start');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once('error', reject);
  });
}

export interface ServiceProcess {
  url: string;
  port: number;
  /** Everything the service logged, one JSON object per line. */
  logs(): Array<Record<string, unknown>>;
  /** SIGTERM and wait for exit (graceful). */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, mid-job if one is running. */
  kill(): Promise<void>;
  child: ChildProcess;
}

/**
 * Starts `ticketbridge start` as a separate process (ts-node, no build needed; or the build), with a
 * site configuration file and environment, and waits until /healthz answers.
 */
export async function startServiceProcess(opts: {
  config: Record<string, unknown>;
  env: Record<string, string>;
  port?: number;
  preload?: string[];
  /** Node flags before the script (`--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeFlags?: string[];
  startTimeoutMs?: number;
  compiled?: boolean;
}): Promise<ServiceProcess> {
  const port = opts.port ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-e2e-'));
  const configFile = path.join(dir, 'site.yaml');
  fs.writeFileSync(configFile, YAML.stringify(opts.config));
  const preload = [...(opts.nodeFlags ?? []), ...(opts.preload ?? []).flatMap((file) => ['-r', file])];
  // compiled: the build in dist/ (`npm run build` first), as `npm start` runs it; without the TypeScript compiler in memory.
  const args = opts.compiled
    ? [...startNodeFlags(), ...preload, path.join(ROOT, 'dist/src/cli.js'), 'start']
    : ['-r', 'ts-node/register/transpile-only', ...preload, path.join(ROOT, 'src/cli.ts'), 'start'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TICKETBRIDGE_CONFIG: configFile, PORT: String(port), LOG_LEVEL: 'debug', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const parsed: Array<Record<string, unknown>> = [];
  let parsedUpTo = 0;
  let stderr = '';
  // A pipe read may end inside a line (and a character): the rest of it comes with the next read.
  let partial = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const text = partial + chunk;
    const end = text.lastIndexOf('\n');
    partial = text.slice(end + 1);
    if (end >= 0) lines.push(...text.slice(0, end).split('\n').filter(Boolean));
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const startTimeoutMs = opts.startTimeoutMs ?? 90_000;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode} during start-up:\n${stderr}\n${lines.slice(-20).join('\n')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not answer /healthz within ${startTimeoutMs / 1000} s:\n${stderr}\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    port,
    child,
    logs: () => {
      // Parsed once each: benchmarks read the log every few hundred milliseconds while the service writes thousands of lines.
      for (; parsedUpTo < lines.length; parsedUpTo += 1) {
        try {
          parsed.push(JSON.parse(lines[parsedUpTo]) as Record<string, unknown>);
        } catch {
          // not a JSON line (a stack trace on stdout)
        }
      }
      return parsed;
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls until the check returns a value (not undefined/false), or fails with the last state. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
