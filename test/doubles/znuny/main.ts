import { startZnunyDouble } from './server';

/**
 * Standalone Znuny double for scripted scenarios:
 *   npm run double:znuny -- [port] [invokerUrl invokerSecret]
 */
async function main(): Promise<void> {
  const [port, invokerUrl, secret] = process.argv.slice(2);
  const double = await startZnunyDouble({
    port: port ? Number(port) : 8091,
    invoker: invokerUrl && secret ? { url: invokerUrl, header: 'x-ticketbridge-token', secret } : undefined,
  });
  process.stdout.write(`Znuny double: baseUrl ${double.url} (agent tb-agent / tb-password), control ${double.root}/_control\n`);
  const stop = () => void double.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
