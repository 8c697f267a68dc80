import os from 'node:os';
import type { ErpTarget } from './erp-target';
import { runNaiveScript, type NaiveResult } from './naive-script';
import type { BenchOptions } from './options';
import { erpCpuSpan } from './proc-memory';
import { bridgeRate, erpCpuLine, type ErpCpu, type RunFacts } from './report';
import { latencyLine, msPerTicket, perSecond } from './stats';

export interface BaselineRun extends NaiveResult {
  tickets: number;
  concurrency: number;
  erp?: ErpCpu;
  /** The script's own CPU (it runs in the bench process). */
  scriptCpuSeconds: number;
}

/** Runs the naive script against the same ERP before the service starts, so the two never compete. */
export async function runBaseline(opts: BenchOptions, target: ErpTarget, runId: string): Promise<BaselineRun> {
  console.log(
    `baseline: the naive script (bench/naive-script.ts), ${opts.tickets} tickets x ${opts.messages} messages, ${opts.baselineConcurrency} at a time...`,
  );
  const erpCpu = erpCpuSpan(opts.erpProcesses);
  const scriptCpuAtStart = process.cpuUsage();
  const result = await runNaiveScript({
    url: target.url,
    apiKey: target.apiKey,
    tickets: opts.tickets,
    messages: opts.messages,
    concurrency: opts.baselineConcurrency,
    refPrefix: `NAIVE-${runId}-`,
    customerEmail: 'marie.durand@acme.example',
  });
  console.log(
    `baseline done: ${result.ok}/${opts.tickets} tickets in ${(result.ms / 1000).toFixed(1)} s${result.failed.length ? `; FAILED ${result.failed.length} (first: ${result.failed[0]})` : ''}`,
  );
  const scriptCpu = process.cpuUsage(scriptCpuAtStart);
  const erp = erpCpu();
  const scriptCpuSeconds = (scriptCpu.user + scriptCpu.system) / 1e6;
  return { ...result, tickets: opts.tickets, concurrency: opts.baselineConcurrency, scriptCpuSeconds, ...(erp ? { erp } : {}) };
}

/**
 * Where the CPU goes per ticket in both runs, and what matching the script's rate would leave the bridge's side when
 * everything shares this machine's CPUs: with the CPUs busy, N CPUs serve at most N s of CPU a second. Not printed
 * for a run pinned to some CPUs (`taskset`), where Dolibarr has CPUs of its own.
 */
function cpuBudgetLines(naive: BaselineRun, bridge: RunFacts, naiveRate: number): string[] {
  if (!naive.erp || !bridge.erp || bridge.serviceCpuSeconds === undefined || bridge.benchCpuSeconds === undefined) return [];
  const cpus = os.cpus().length;
  if (os.availableParallelism() < cpus) return [`CPU budget: not computed, this run is pinned to ${os.availableParallelism()} of ${cpus} CPUs`];
  const service = msPerTicket(bridge.serviceCpuSeconds, bridge.tickets);
  const helpdesk = msPerTicket(bridge.benchCpuSeconds, bridge.tickets);
  const redis = bridge.redisCpuSeconds === undefined ? 0 : msPerTicket(bridge.redisCpuSeconds, bridge.tickets);
  const erp = msPerTicket(bridge.erp.seconds, bridge.tickets);
  const naiveErp = msPerTicket(naive.erp.seconds, naive.tickets);
  const script = msPerTicket(naive.scriptCpuSeconds, naive.tickets);
  const ms = (v: number) => `${Math.round(v)} ms`;
  const room = Math.max(0, (cpus * 1000) / naiveRate - erp);
  return [
    `CPU per ticket on this machine's ${cpus} CPUs: bridge run ${ms(service + helpdesk + redis + erp)} (service ${ms(service)}, simulated helpdesk ${ms(helpdesk)}, ` +
      `Redis ${bridge.redisCpuSeconds === undefined ? 'not local' : ms(redis)}, Dolibarr ${ms(erp)}); naive run ${ms(script + naiveErp)} (the script ${ms(script)}, Dolibarr ${ms(naiveErp)})`,
    `  to match the script's ${naiveRate.toFixed(1)} tickets/s on these ${cpus} shared CPUs, the service, the simulated helpdesk and Redis together ` +
      `could spend at most ${ms(room)} per ticket beside Dolibarr's ${ms(erp)} (they spent ${ms(service + helpdesk + redis)})`,
  ];
}

export const naiveTicketsPerSecond = (naive: Pick<BaselineRun, 'ok' | 'ms'>) => (naive.ok * 1000) / naive.ms;

export function formatBaseline(naive: BaselineRun, bridge: RunFacts): string {
  const out: string[] = ['== baseline: the naive script, same ERP, same run =='];
  const naiveRate = naiveTicketsPerSecond(naive);
  out.push(
    `naive script: ${naive.ok}/${naive.tickets} tickets in ${(naive.ms / 1000).toFixed(1)} s = ${perSecond(naive.ok, naive.ms)} tickets/s at ${naive.concurrency} at a time; failed ${naive.failed.length}`,
  );
  out.push(`  ${latencyLine('per ticket (contact look-up to last message)', naive.latencies, naive.tickets)}`);
  const total = Object.values(naive.calls).reduce((a, b) => a + b, 0);
  out.push(
    `  Dolibarr calls: ${total} = ${(total / naive.tickets).toFixed(2)} per ticket (${Object.entries(naive.calls)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );
  if (naive.erp) out.push(`  ${erpCpuLine(naive.erp, naive.tickets, 'during the naive run')}`);
  const rate = bridgeRate(bridge);
  if (rate === undefined) {
    out.push('ratio: n/a (the bridge run did not complete)');
  } else {
    out.push(`ratio bridge / naive (tickets/s): ${(rate / naiveRate).toFixed(2)} (${rate.toFixed(1)} / ${naiveRate.toFixed(1)})`);
    out.push(...cpuBudgetLines(naive, bridge, naiveRate));
  }
  return out.join('\n');
}
