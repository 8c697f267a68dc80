/**
 * Throughput benchmark: pushes N signed helpdesk tickets (each with M articles) through the
 * running service (its own process) to the Dolibarr double, or to a real Dolibarr when
 * DOLIBARR_URL and DOLIBARR_API_KEY are set. Prints figures; asserts no timing. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { configureLogging } from '../src/logging/logger';
import { freePort, startServiceProcess, type ServiceProcess } from '../test/e2e/support/service-process';
import { startHelpdeskReceiver } from '../test/e2e/support/helpdesk-receiver';
import { ADMIN_TOKEN, HOOK_SECRET } from '../test/e2e/support/webhook-scenario';
import { startDoubleTarget } from './erp-double';
import { realTarget } from './erp-real';
import type { ApiCallReport, ErpTarget } from './erp-target';
import { parseOptions, type BenchOptions } from './options';
import { cpuSeconds, erpCpuSpan, namedProcessesCpuSeconds, RssSampler } from './proc-memory';
import { queueSummary } from './service-queues';
import { formatReport, reportOk, type RunFacts } from './report';
import { formatRoundLine, formatRounds, type Round } from './rounds';
import { planTickets, pushTickets, type SendResult, type TicketRun } from './sender';
import { formatBaseline, runBaseline, type BaselineRun } from './baseline';
import { formatFloor, runFloorRelay, type FloorRun } from './floor-relay';
import { QueueDepth } from './queue-depth';
import { redisUsage } from './redis-usage';
import { redisTraffic, trafficBetween } from './redis-traffic';
import { runBackfillBench } from './backfill';
import { assertNoKeys, deleteKeys, newRunId, runRedisUrl, RUN_PREFIX } from './redis-run';

const SOURCE = 'webhook';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the ERP until every ticket and its messages are present, or `deadline()` passes. */
async function waitForErp(
  target: ErpTarget,
  runs: TicketRun[],
  messages: number,
  pollMs: number,
  deadline: () => number,
  sent: () => number,
  svc: ServiceProcess,
  depth: QueueDepth,
): Promise<boolean> {
  let lastProgress = 0;
  const serviceUrl = svc.url;
  for (;;) {
    await target.observe(runs, messages, () => svc.logs());
    await depth.sample(serviceUrl);
    const present = runs.filter((r) => r.ticketSeenAt !== undefined).length;
    const complete = runs.filter((r) => r.messagesSeenAt !== undefined).length;
    if (complete === runs.length) return true;
    if (performance.now() > deadline()) return false;
    if (performance.now() - lastProgress > 5000) {
      lastProgress = performance.now();
      const queues = depth.last ?? (await queueSummary(serviceUrl));
      console.log(
        `  ... events accepted ${sent()}; in the ERP: ${present} tickets, ${complete} with all messages; service jobs pending ${queues.pending}, failed ${queues.failed}`,
      );
      // Nothing left to run and something failed: waiting longer cannot complete the run.
      if (deadline() !== Infinity && queues.pending === 0 && queues.failed > 0) {
        console.log(
          `STOPPED EARLY: the service has no job left to run and ${queues.failed} failed jobs, e.g.:\n${queues.reasons.map((r) => `  ${r}`).join('\n')}`,
        );
        return false;
      }
    }
    await sleep(pollMs);
  }
}

async function main(given: BenchOptions): Promise<boolean> {
  const opts = { ...given, redisUrl: runRedisUrl(given.redisUrl, given.redisDb) };
  configureLogging({ level: 'warn' });
  if (opts.service === 'dist') {
    console.log('building the service (npm run build) to run it as `npm start` does...');
    execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  }
  const runId = newRunId();
  const prefix = RUN_PREFIX;
  await assertNoKeys(opts.redisUrl, prefix);
  if (opts.backfill !== undefined) {
    try {
      return await runBackfillBench(opts, opts.backfill, prefix);
    } finally {
      console.log(`cleanup: removed ${await deleteKeys(opts.redisUrl, prefix)} Redis keys under ${prefix}: in ${opts.redisUrl}`);
    }
  }
  const port = await freePort();
  const real = opts.dolibarrUrl && opts.dolibarrApiKey ? { ...opts, dolibarrUrl: opts.dolibarrUrl, dolibarrApiKey: opts.dolibarrApiKey } : undefined;
  // Every round's tickets (`<run>-1`, `<run>r2-1`, ...) and the warm-up's (`<run>w-1`) start with it.
  const refPrefixOfRun = `${opts.refPrefix}-${runId}`;
  const target = real ? realTarget(real, refPrefixOfRun) : await startDoubleTarget(opts, port);
  const pollMs = opts.pollMs ?? (real ? 250 : 100);
  console.log(`ERP target: ${target.description}`);
  const warmup = { ...opts, tickets: opts.warmup };
  if (opts.baseline && opts.warmup) await unmeasured('naive script', () => runBaseline(warmup, target, `${runId}w`));
  const naive = opts.baseline ? await runBaseline(opts, target, runId) : undefined;
  if (opts.floor && opts.warmup) await unmeasured('floor relay', () => runFloorRelay(warmup, target, `${runId}w`));
  const floor = opts.floor ? await runFloorRelay(opts, target, runId) : undefined;
  await target.startCounting();
  const receiver = await startHelpdeskReceiver();
  let service: ServiceProcess | undefined;
  try {
    const config = {
      dolibarr: { url: target.url, ...(target.serviceConfig.dolibarr as object) },
      redis: { prefix },
      helpdesks: { [SOURCE]: { plugin: 'webhook', settings: { outboundUrl: receiver.url, outboundBatch: opts.outboundBatch } } },
      sync: { workerConcurrency: opts.workerConcurrency, erpPollSeconds: 0 },
    };
    const env = {
      DOLIBARR_API_KEY: target.apiKey,
      TB_HELPDESK_WEBHOOK_SECRET: HOOK_SECRET,
      ADMIN_TOKEN,
      REDIS_URL: opts.redisUrl,
      LOG_LEVEL: 'info',
      TB__sync__refPrefix: opts.refPrefix,
      ...target.serviceEnv,
    };
    service = await startServiceProcess({ config, env, port, nodeFlags: opts.serviceNodeOptions, compiled: opts.service === 'dist' });
    const svc = service;
    if (opts.warmup) await unmeasured('service', () => warmUpService(svc, target, `${runId}w`, opts, pollMs));
    const rounds: Round[] = [];
    let ok = true;
    let linkedBefore = opts.warmup;
    for (let index = 1; index <= opts.rounds; index += 1) {
      const roundId = index === 1 ? runId : `${runId}r${index}`;
      // The first round's contenders ran before the service started; the later ones run beside it (idle against a real
      // Dolibarr; the double, unless --double-like-real, sends it their webhooks).
      const round = index === 1 ? { naive, floor } : await contendersBesideService(svc, target, opts, roundId);
      if (opts.rounds > 1) console.log(`== round ${index} of ${opts.rounds}: the bridge ==`);
      const bridge = await measureBridge(svc, target, roundId, opts, { pollMs, prefix, linkedBefore, countFromNow: index > 1 || opts.warmup > 0 });
      linkedBefore += bridge.facts.runs.filter((r) => r.erpId !== undefined).length;
      ok = ok && bridge.ok;
      const measured: Round = { ...round, bridge: bridge.facts };
      rounds.push(measured);
      if (index === opts.rounds) {
        console.log(bridge.printed);
        if (round.naive) console.log(formatBaseline(round.naive, bridge.facts));
        if (round.floor) console.log(formatFloor(round.floor, bridge.facts, round.naive));
      }
      if (opts.rounds > 1) console.log(formatRoundLine(measured, index, opts.rounds));
    }
    if (opts.rounds > 1) console.log(formatRounds(rounds));
    return ok;
  } finally {
    await service?.stop();
    await receiver.close();
    await target.close();
    console.log(`cleanup: removed ${await deleteKeys(opts.redisUrl, prefix)} Redis keys under ${prefix}: in ${opts.redisUrl}`);
  }
}

/** A later round's naive script and floor relay, beside the running service, whose idle CPU meanwhile is kept. */
async function contendersBesideService(
  svc: ServiceProcess,
  target: ErpTarget,
  opts: BenchOptions,
  roundId: string,
): Promise<{ naive?: BaselineRun; floor?: FloorRun; idleServiceCpuSeconds?: number }> {
  const before = cpuSeconds(svc.child.pid!);
  const naive = opts.baseline ? await runBaseline(opts, target, roundId) : undefined;
  const after = cpuSeconds(svc.child.pid!);
  const floor = opts.floor ? await runFloorRelay(opts, target, roundId) : undefined;
  return { naive, floor, ...(naive && before !== undefined && after !== undefined ? { idleServiceCpuSeconds: after - before } : {}) };
}

/** One measured push through the running service: its facts, its report as printed, and whether it passed. */
async function measureBridge(
  svc: ServiceProcess,
  target: ErpTarget,
  roundId: string,
  opts: BenchOptions,
  at: { pollMs: number; prefix: string; linkedBefore: number; countFromNow: boolean },
): Promise<{ facts: RunFacts; printed: string; ok: boolean }> {
  const logsBefore = svc.logs().length;
  // Without a warm-up the first round's count is the whole run's, start-up checks included, as before.
  const callsBefore = at.countFromNow ? await target.apiCalls(svc.url) : undefined;
  const sampler = new RssSampler(svc.child.pid!);
  const cpuAtStart = cpuSeconds(svc.child.pid!);
  const erpCpu = erpCpuSpan(opts.erpProcesses);
  const redisCpuAtStart = namedProcessesCpuSeconds(['redis-server']);
  const redisTrafficAtStart = await redisTraffic(opts.redisUrl);
  const benchCpuAtStart = process.cpuUsage();
  const settings = `sender concurrency ${opts.concurrency}; service: workerConcurrency ${opts.workerConcurrency}, dolibarr ${JSON.stringify(target.serviceConfig.dolibarr)}, redis prefix ${at.prefix}, pid ${svc.child.pid}${opts.outboundBatch ? ', the helpdesk taking batches (outboundBatch)' : ''}${opts.ticketWithMessages ? ', each ticket sent with its messages (one request)' : ''}${opts.warmup ? `; measured after a warm-up of ${opts.warmup} tickets each` : ''}`;
  console.log(`the service (${settings}): pushing ${opts.tickets} tickets${opts.spread ? ` spread evenly over ${opts.spreadSeconds} s` : ''}...`);
  const runs = planTickets(roundId, opts.tickets, SOURCE);
  const depth = new QueueDepth();
  const { done, send } = await pushAndWatch(svc, target, runs, opts, at.pollMs, depth);
  if (!done) {
    const missing = runs.filter((r) => r.messagesSeenAt === undefined);
    // Printed at once, in every round: a later round prints no full report.
    console.log(
      `INCOMPLETE: ${missing.length}/${runs.length} tickets are not complete in the ERP (waited up to ${opts.timeoutSeconds} s after the last event was accepted) ` +
        `(e.g. ${missing
          .slice(0, 3)
          .map((r) => `${r.ticketId}: ${r.erpId === undefined ? 'no ERP ticket' : 'messages missing'}`)
          .join(', ')}). ` +
        `Check the service's failed jobs and the ERP; the figures below cover what arrived.`,
    );
  }
  const completeAt = done && runs.length ? Math.max(...runs.map((r) => r.messagesSeenAt!)) : undefined;
  const memory = sampler.stop();
  const cpuAtEnd = cpuSeconds(svc.child.pid!);
  const erp = erpCpu();
  const redisCpuAtEnd = namedProcessesCpuSeconds(['redis-server']);
  const redisTrafficOfRun = trafficBetween(redisTrafficAtStart, await redisTraffic(opts.redisUrl));
  const serviceCpuSeconds = cpuAtStart !== undefined && cpuAtEnd !== undefined ? cpuAtEnd - cpuAtStart : undefined;
  const benchCpu = process.cpuUsage(benchCpuAtStart);
  const facts: RunFacts = {
    target: target.description,
    tickets: opts.tickets,
    messages: opts.messages,
    requestsPerTicket: opts.ticketWithMessages ? 1 : 1 + opts.messages,
    send,
    runs,
    completeAt,
    timedOut: !done,
    pollMs: at.pollMs,
    check: await target.verify(runs),
    calls: callsSince(callsBefore, await target.apiCalls(svc.url)),
    warmup: opts.warmup,
    memory,
    serviceCpuSeconds,
    benchCpuSeconds: (benchCpu.user + benchCpu.system) / 1e6,
    ...(erp ? { erp } : {}),
    // No redis-server on this machine: its CPU is no part of it.
    ...(redisCpuAtStart !== undefined && redisCpuAtEnd !== undefined && redisCpuAtEnd > 0
      ? { redisCpuSeconds: redisCpuAtEnd - redisCpuAtStart }
      : {}),
    redisTraffic: redisTrafficOfRun,
    settings,
    queueDepth: depth.series(),
    // The tickets linked before this push (warm-up, earlier rounds) keep their keys: they are counted with its own.
    redis: await redisUsage(opts.redisUrl, at.prefix, runs.filter((r) => r.erpId !== undefined).length + at.linkedBefore),
  };
  const logs = svc.logs().slice(logsBefore);
  return { facts, printed: [formatReport(facts), jobsLine(logs), limitChanges(logs)].join('\n'), ok: done && reportOk(facts) };
}

/** The service's jobs of the run, from its log: completed, and postponed because their ticket was busy. */
function jobsLine(logs: Array<Record<string, unknown>>): string {
  const count = (message: string) =>
    Object.entries(
      logs
        .filter((l) => l.message === message)
        .reduce<Record<string, number>>((acc, l) => ({ ...acc, [String(l.job)]: (acc[String(l.job)] ?? 0) + 1 }), {}),
    )
      .map(([n, c]) => `${c} ${n}`)
      .join(', ') || 'none';
  return `service jobs completed: ${count('job completed')}; postponed because their ticket was busy: ${count('job postponed: ticket busy')}`;
}

async function unmeasured(who: string, run: () => Promise<unknown>): Promise<void> {
  console.log(`warm-up of the ${who} (not measured):`);
  await run();
}

/** Pushes the tickets through the service and watches the ERP until all are complete or the timeout passes. */
async function pushAndWatch(
  svc: ServiceProcess,
  target: ErpTarget,
  runs: TicketRun[],
  opts: BenchOptions,
  pollMs: number,
  depth: QueueDepth,
): Promise<{ done: boolean; send: SendResult }> {
  let sendDone: number | undefined;
  const progress = { accepted: 0 };
  const sending = pushTickets({
    webhookUrl: `${svc.url}/webhooks/helpdesk/${SOURCE}`,
    secret: HOOK_SECRET,
    tickets: runs,
    messages: opts.messages,
    concurrency: opts.concurrency,
    progress,
    ticketWithMessages: opts.ticketWithMessages,
    ...(opts.spread ? { spreadMs: opts.spreadSeconds * 1000 } : {}),
  }).then((r) => {
    sendDone = performance.now();
    return r;
  });
  const done = await waitForErp(
    target,
    runs,
    opts.messages,
    pollMs,
    () => (sendDone === undefined ? Infinity : sendDone + opts.timeoutSeconds * 1000),
    () => progress.accepted,
    svc,
    depth,
  );
  return { done, send: await sending };
}

/** Pushes the warm-up tickets through the service and waits until they are all in the ERP. */
async function warmUpService(svc: ServiceProcess, target: ErpTarget, runId: string, opts: BenchOptions, pollMs: number): Promise<void> {
  const { done } = await pushAndWatch(svc, target, planTickets(runId, opts.warmup, SOURCE), { ...opts, spread: false }, pollMs, new QueueDepth());
  if (!done) throw new Error(`the service's warm-up did not complete (${opts.warmup} tickets)`);
  console.log(`service warm-up done: ${opts.warmup} tickets in the ERP`);
}

/** The calls of the measured run: the total at its end less what the service had made by the end of its warm-up. */
function callsSince(before: ApiCallReport | undefined, after: ApiCallReport): ApiCallReport {
  if (!before || !('total' in before) || !('total' in after)) return after;
  const byEndpoint = Object.fromEntries(
    Object.entries(after.byEndpoint)
      .map(([k, v]) => [k, v - (before.byEndpoint[k] ?? 0)] as const)
      .filter(([, v]) => v > 0),
  );
  return { total: after.total - before.total, byEndpoint };
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
main(options).then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error('benchmark failed:', err);
    process.exit(1);
  },
);

/** What the service's adaptive Dolibarr limiter did during the run (its log lines). */
function limitChanges(logs: Array<Record<string, unknown>>): string {
  const changes = logs.filter((l) => l.component === 'dolibarr' && String(l.message).startsWith('dolibarr call limit'));
  if (!changes.length) return 'Dolibarr call limit: never changed';
  const lowest = Math.min(...changes.map((l) => Number(l.limit)));
  const reasons = changes.reduce<Record<string, number>>((acc, l) => ({ ...acc, [String(l.reason)]: (acc[String(l.reason)] ?? 0) + 1 }), {});
  const byReason = Object.entries(reasons)
    .map(([r, n]) => `${n} ${r}`)
    .join(', ');
  return `Dolibarr call limit: ${changes.length} changes (${byReason}), lowest ${lowest}`;
}
