import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/schema';
import { DolibarrClient } from '../erp/dolibarr';
import { InputError } from '../plugin-sdk';
import { getLogger } from '../logging/logger';
import { createRedis, KeySpace, RedisSlaRecordStore } from '../store';
import type { SlaRecord } from '../sync/rules/sla-record';
import { computeSlaReport } from '../sync/rules/sla-report';
import { renderSlaTables, slaCsv } from '../sync/rules/sla-report-output';

/**
 * `ticketbridge sla --period 2026-11`: the service levels of the tickets opened that month, per customer and
 * per priority, printed and written as two CSV files. Customers are named by their Dolibarr third party.
 */
export async function slaReportCommand(config: AppConfig, opts: { period: string; dir?: string }): Promise<void> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.period)) throw new InputError('sla', [`period: expected YYYY-MM, got "${opts.period}"`]);
  const redis = createRedis(config.redis, { connectionName: 'ticketbridge-sla-report' });
  try {
    const records = await new RedisSlaRecordStore(redis, new KeySpace(config.redis.prefix)).listMonth(opts.period);
    const names = await thirdPartyNames(config, records);
    const report = computeSlaReport(opts.period, records, (r) =>
      r.socid ? (names.get(r.socid) ?? `third party #${r.socid}`) : (r.customerEmail ?? '(unknown customer)'),
    );
    process.stdout.write(`${renderSlaTables(report)}\n`);
    const dir = opts.dir ?? config.sla.reportDir;
    for (const grouping of ['customer', 'priority'] as const) {
      const file = path.join(dir, `sla-${opts.period}-${grouping === 'customer' ? 'customers' : 'priorities'}.csv`);
      fs.writeFileSync(file, slaCsv(opts.period, grouping, grouping === 'customer' ? report.byCustomer : report.byPriority));
      process.stdout.write(`CSV written to ${file}\n`);
    }
  } finally {
    await redis.quit();
  }
}

async function thirdPartyNames(config: AppConfig, records: SlaRecord[]): Promise<Map<number, string>> {
  const erp = new DolibarrClient(config.dolibarr);
  const names = new Map<number, string>();
  for (const socid of new Set(records.flatMap((r) => (r.socid ? [r.socid] : [])))) {
    try {
      const party = await erp.getThirdParty(socid);
      if (party) names.set(socid, party.name);
    } catch (err) {
      // The figures do not depend on the ERP: a customer whose name cannot be read is shown by id.
      getLogger('sla-report').warn('third party name not readable; shown by id', { socid, error: err });
    }
  }
  return names;
}
