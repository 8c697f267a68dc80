import type { ErpTarget } from './erp-target';
import { runNaiveScript, type NaiveResult } from './naive-script';
import type { BenchOptions } from './options';
import { namedProcessesCpuSeconds } from './proc-memory';
import { erpCpuLine, type ErpCpu, type RunFacts } from './report';
import { latencyLine, perSecond } from './stats';

export interface BaselineRun extends NaiveResult {
  tickets: number;
  concurrency: number;
  erp?: ErpCpu;
}

/** Runs the naive script against the same ERP before the service starts, so the two never compete. */
export async function runBaseline(opts: BenchOptions, target: ErpTarget, runId: string): Promise<BaselineRun> {
  console.log(
    `baseline: the naive script (bench/naive-script.ts), ${opts.tickets} tickets x ${opts.messages} messages, ${opts.baselineConcurrency} at a time...`,
  );
  const names = opts.erpProcesses;
  const erpCpuAtStart = names && namedProcessesCpuSeconds(names);
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
  const erpCpuAtEnd = names && namedProcessesCpuSeconds(names);
  const erp =
    names && erpCpuAtStart !== undefined && erpCpuAtEnd !== undefined ? { processes: names, seconds: erpCpuAtEnd - erpCpuAtStart } : undefined;
  return { ...result, tickets: opts.tickets, concurrency: opts.baselineConcurrency, ...(erp ? { erp } : {}) };
}

export function formatBaseline(naive: BaselineRun, bridge: RunFacts): string {
  const out: string[] = ['== baseline: the naive script, same ERP, same run =='];
  const naiveRate = (naive.ok * 1000) / naive.ms;
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
  if (bridge.completeAt === undefined) {
    out.push('ratio: n/a (the bridge run did not complete)');
  } else {
    const bridgeRate = (bridge.tickets * 1000) / (bridge.completeAt - bridge.send.startedAt);
    out.push(`ratio bridge / naive (tickets/s): ${(bridgeRate / naiveRate).toFixed(2)} (${bridgeRate.toFixed(1)} / ${naiveRate.toFixed(1)})`);
  }
  return out.join('\n');
}
