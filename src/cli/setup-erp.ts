import type { AppConfig } from '../config/schema';
import { DolibarrClient } from '../erp/dolibarr';
import { ensureErpExtrafields } from '../sync/operations/setup-erp-extrafields';

export async function setupErpCommand(config: AppConfig): Promise<void> {
  const result = await ensureErpExtrafields(new DolibarrClient(config.dolibarr), {
    sla: config.sla.enabled,
    devEscalation: config.devEscalation.enabled,
  });
  for (const f of result.created) process.stdout.write(`created   ${f.elementType}.${f.attrname}\n`);
  for (const f of result.updated) process.stdout.write(`updated   ${f.elementType}.${f.attrname} (label, visibility)\n`);
  for (const f of result.existing) process.stdout.write(`existing  ${f.elementType}.${f.attrname}\n`);
  const changed = result.created.length + result.updated.length;
  process.stdout.write(
    changed ? `${result.created.length} extrafield(s) created, ${result.updated.length} updated.\n` : 'Nothing to do: every extrafield exists.\n',
  );
}
