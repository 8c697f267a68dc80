import type { AppConfig } from '../config/schema';
import { createRuntime } from '../runtime';
import { relinkFromErp } from '../sync/operations/relink';

export async function relinkCommand(config: AppConfig): Promise<void> {
  const rt = createRuntime(config);
  try {
    const result = await relinkFromErp(rt.engine, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`relinked ${result.tickets} ticket(s), ${result.messages} message(s); skipped ${result.skipped} ERP ticket(s) not made by the bridge\n`);
  } finally {
    await rt.close();
  }
}
