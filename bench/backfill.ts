import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';
import { startZnunyDouble } from '../test/doubles/znuny';
import { freePort, startNodeFlags, startServiceProcess, type ServiceProcess } from '../test/e2e/support/service-process';
import { ADMIN_TOKEN } from '../test/e2e/support/webhook-scenario';
import { trackIdFor } from '../src/sync/shared/ticket-identity';
import { startDoubleTarget } from './erp-double';
import type { BenchOptions } from './options';
import { RssSampler } from './proc-memory';
import { QueueDepth } from './queue-depth';
import { redisUsage } from './redis-usage';
import type { TicketRun } from './sender';
import { mib, perSecond } from './stats';

const HELPDESK = 'znuny';
const ZNUNY_PASSWORD = 'tb-password';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `ticketbridge backfill` as its own process (as an operator would), with the service's configuration. */
async function runBackfillCommand(
  config: Record<string, unknown>,
  env: Record<string, string>,
  compiled: boolean,
): Promise<{ code: number | null; output: string; peakKib?: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-'));
  const configFile = path.join(dir, 'site.yaml');
  fs.writeFileSync(configFile, YAML.stringify(config));
  const root = path.resolve(__dirname, '..');
  const cli = compiled
    ? [...startNodeFlags(), path.join(root, 'dist/src/cli.js')]
    : ['-r', 'ts-node/register/transpile-only', path.join(root, 'src/cli.ts')];
  const child = spawn(process.execPath, [...cli, 'backfill', '--since', '2000-01-01', '--helpdesk', HELPDESK], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', TICKETBRIDGE_CONFIG: configFile, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sampler = new RssSampler(child.pid!, 250);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr!.on(
    'data',
    (c: Buffer) =>
      (output += c
        .toString('utf8')
        .replace(/\r/g, '\n')
        .split('\n')
        .filter((l) => !l.includes('['))
        .join('\n')),
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output: output.trim(), peakKib: sampler.stop().sampledPeakKib };
}

/**
 * `--backfill N`: a poll-only helpdesk (the Znuny double, in this process) holding N tickets of a known customer,
 * the Dolibarr double, the service as its own process, and `ticketbridge backfill` queuing every ticket; waits until
 * each has its ERP ticket and prints throughput, the service's RSS over the run, its queue depth and Redis usage.
 */
export async function runBackfillBench(opts: BenchOptions, tickets: number, prefix: string): Promise<boolean> {
  const port = await freePort();
  const target = await startDoubleTarget(opts, port);
  const znuny = await startZnunyDouble({ timeZone: 'UTC' });
  let service: ServiceProcess | undefined;
  try {
    console.log(`ERP target: ${target.description}`);
    console.log(`helpdesk: Znuny double at ${znuny.url}; creating ${tickets} tickets with ${opts.messages} article(s) each...`);
    const runs: TicketRun[] = [];
    // History, one ticket a second, ending an hour ago: Znuny lists changes by change time (no paging), and a
    // backfill reads tickets made over months, not thousands within one second.
    const firstAt = Date.now() - 3600_000 - tickets * 1000;
    for (let i = 1; i <= tickets; i += 1) {
      znuny.control.setClock(new Date(firstAt + i * 1000));
      const articles = Array.from({ length: Math.max(1, opts.messages) }, (_, m) => ({
        channel: 'Email' as const,
        senderType: 'customer' as const,
        from: 'marie.durand@acme.example',
        body: `Backfill ticket ${i}, message ${m + 1}`,
      }));
      const { ticketId } = znuny.control.createTicket({
        title: `Backfill ${i}`,
        customerUser: 'marie.durand@acme.example',
        queue: 'Support',
        articles,
      });
      runs.push({ ticketId, trackId: trackIdFor({ helpdeskId: HELPDESK, ticketId }) });
    }
    znuny.control.setClock(null);
    const config = {
      dolibarr: { url: target.url, ...(target.serviceConfig.dolibarr as object) },
      redis: { prefix },
      helpdesks: {
        webhook: { plugin: 'webhook', enabled: false },
        [HELPDESK]: {
          plugin: 'znuny',
          settings: {
            baseUrl: znuny.url,
            userLogin: 'tb-agent',
            agentFromAddress: 'ticketbridge@helpdesk.example',
            timeZone: 'UTC',
            createQueue: 'Support',
          },
        },
      },
      mapping: { types: { Unclassified: 'ISSUE' }, categories: { Support: 'OTHER' }, severities: { '3 normal': 'NORMAL' } },
      // Only the backfill queues work: no scheduled poll of either side.
      sync: { workerConcurrency: opts.workerConcurrency, helpdeskPollSeconds: 0, erpPollSeconds: 0 },
    };
    const env = {
      DOLIBARR_API_KEY: target.apiKey,
      TB_HELPDESK_ZNUNY_PASSWORD: ZNUNY_PASSWORD,
      TB_HELPDESK_ZNUNY_WEBHOOK_SECRET: 'bench-znuny-invoker-secret-0123456789',
      ADMIN_TOKEN,
      REDIS_URL: opts.redisUrl,
      LOG_LEVEL: 'warn',
      ...target.serviceEnv,
    };
    service = await startServiceProcess({ config, env, port, nodeFlags: opts.serviceNodeOptions, compiled: opts.service === 'dist' });
    const svc = service;
    const sampler = new RssSampler(svc.child.pid!);
    await target.startCounting();
    const depth = new QueueDepth();
    const startedAt = performance.now();
    console.log(
      `service started (pid ${svc.child.pid}, workerConcurrency ${opts.workerConcurrency}, dolibarr ${JSON.stringify(target.serviceConfig.dolibarr)}); running ticketbridge backfill...`,
    );
    const command = runBackfillCommand(config, env, opts.service === 'dist').then((r) => ({ ...r, endedAt: performance.now() }));
    const deadline = () => performance.now() + opts.timeoutSeconds * 1000;
    let giveUpAt = Infinity;
    let lastProgress = 0;
    let done = false;
    for (;;) {
      await target.observe(runs, 0, () => []);
      await depth.sample(svc.url);
      const present = runs.filter((r) => r.ticketSeenAt !== undefined).length;
      // Done when every ticket is in the ERP and the service has nothing left to do (their articles, the helpdesk's updates).
      if (present === runs.length && depth.last?.pending === 0) {
        done = true;
        break;
      }
      if (giveUpAt === Infinity && (await Promise.race([command.then(() => true), sleep(0).then(() => false)]))) giveUpAt = deadline();
      if (performance.now() > giveUpAt) break;
      if (performance.now() - lastProgress > 10_000) {
        lastProgress = performance.now();
        console.log(
          `  ... t+${Math.round((lastProgress - startedAt) / 1000)}s: ${present}/${runs.length} ERP tickets; service jobs pending ${depth.last?.pending ?? '?'}, failed ${depth.last?.failed ?? '?'}; service RSS now ${mib(readRssKib(svc.child.pid!))}`,
        );
      }
      await sleep(500);
    }
    const memory = sampler.stop();
    const backfill = await command;
    const completeAt = done ? Math.max(...runs.map((r) => r.ticketSeenAt!)) : undefined;
    const calls = await target.apiCalls(svc.url);
    const check = await target.verify(runs);
    const redis = await redisUsage(opts.redisUrl, prefix, runs.filter((r) => r.erpId !== undefined).length);
    const out: string[] = ['== TicketBridge backfill benchmark =='];
    out.push(
      `load: ${tickets} Znuny-double tickets x ${Math.max(1, opts.messages)} article(s), ticketbridge backfill --since 2000-01-01 (exit ${backfill.code}: ${backfill.output.split('\n').pop()})`,
    );
    out.push(`backfill command: queued everything in ${((backfill.endedAt - startedAt) / 1000).toFixed(1)} s; its peak RSS ${mib(backfill.peakKib)}`);
    out.push(
      completeAt !== undefined
        ? `end to end (backfill start -> last ERP ticket): ${((completeAt - startedAt) / 1000).toFixed(1)} s = ${perSecond(tickets, completeAt - startedAt)} tickets/s`
        : `end to end: NOT COMPLETE (gave up ${opts.timeoutSeconds} s after the backfill command ended)`,
    );
    out.push(
      `service peak RSS: VmHWM ${mib(memory.hwmKib)}; highest sampled VmRSS ${mib(memory.sampledPeakKib)} (${memory.samples} samples) - target < 200 MiB`,
    );
    out.push(`service queue depth over time: ${depth.series()}`);
    if ('total' in calls)
      out.push(
        `Dolibarr API calls: ${calls.total} = ${(calls.total / tickets).toFixed(2)} per ticket; top: ${Object.entries(calls.byEndpoint)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')}`,
      );
    out.push(
      `Redis MEMORY USAGE: bridge state ${(redis.stateBytes / 1024).toFixed(1)} KiB = ${redis.linkedTickets ? Math.round(redis.stateBytes / redis.linkedTickets) : 0} B per linked ticket; queues ${(redis.queueBytes / 1024).toFixed(1)} KiB`,
    );
    const ok = done && check.single === tickets && check.duplicated === 0;
    out.push(
      `final check: ${ok ? 'OK' : 'MISMATCH'} - ERP tickets: ${check.single}/${tickets} with exactly one, ${check.missing} missing, ${check.duplicated} duplicated`,
    );
    console.log(out.join('\n'));
    return ok;
  } finally {
    await service?.stop();
    await znuny.close();
    await target.close();
  }
}

function readRssKib(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
