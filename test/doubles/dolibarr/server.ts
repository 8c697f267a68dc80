import { Command } from 'commander';
import { startDolibarrDouble } from './index';

/** CLI: `npm run double:dolibarr -- --port 8081 --api-key test-key`; prints {"url","controlUrl","port"} on start. */
async function main(): Promise<void> {
  const program = new Command()
    .name('dolibarr-double')
    .requiredOption('--api-key <key>', 'value the DOLAPIKEY header must carry')
    .option('--port <port>', 'port to listen on (0 = random)', '0')
    .option('--webhook-url <url>', 'webhook target URL')
    .option('--webhook-triggers <codes>', 'comma list of trigger codes to send (all when absent)')
    .option('--latency-ms <ms>', 'delay before every API answer', '0')
    .parse(process.argv);
  const o = program.opts<{ apiKey: string; port: string; webhookUrl?: string; webhookTriggers?: string; latencyMs: string }>();
  const port = Number(o.port);
  const latencyMs = Number(o.latencyMs);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${o.port}`);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`--latency-ms: not a non-negative number: ${o.latencyMs}`);
  const double = await startDolibarrDouble({
    port,
    apiKey: o.apiKey,
    webhookUrl: o.webhookUrl,
    latencyMs,
    webhookTriggerCodes: o.webhookTriggers
      ?.split(',')
      .map((c) => c.trim())
      .filter(Boolean),
  });
  process.stdout.write(`${JSON.stringify({ url: double.url, controlUrl: double.controlUrl, port: double.port })}\n`);
  const stop = (): void => void double.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
