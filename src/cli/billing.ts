import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/schema';
import { DolibarrClient } from '../erp/dolibarr';
import { loadBillingData } from '../sync/operations/billing-data';
import { computeBillingReport } from '../sync/rules/billing-report';
import { billingCsv, renderBillingTable } from '../sync/rules/billing-output';
import { createDraftInvoices } from '../sync/operations/create-draft-invoices';
import { configureTemplates } from '../sync/templates';
import { getLogger } from '../logging/logger';

/** Prints the period's report, writes the CSV, and (unless --dry-run) creates one draft invoice per third party. */
export async function billingCommand(config: AppConfig, opts: { period: string; dryRun?: boolean; csv?: string }): Promise<void> {
  const erp = new DolibarrClient(config.dolibarr);
  const render = configureTemplates({ overrideDir: config.templatesDir });
  const report = computeBillingReport(opts.period, await loadBillingData(erp, config.rules), config.rules);
  process.stdout.write(`${renderBillingTable(report)}\n`);
  const csvFile = opts.csv ?? path.join(config.rules.billing.outputDir, `billing-${opts.period}.csv`);
  fs.writeFileSync(csvFile, billingCsv(report));
  process.stdout.write(`CSV written to ${csvFile}\n`);
  const run = await createDraftInvoices(report, {
    erp,
    config: config.rules.billing,
    render,
    now: () => new Date(),
    dryRun: opts.dryRun ?? false,
    logger: getLogger('billing'),
  });
  for (const inv of run.invoices) {
    const what =
      inv.invoiceId === null
        ? 'would invoice'
        : inv.addedToDraft
          ? `added to draft invoice #${inv.invoiceId} of`
          : `draft invoice #${inv.invoiceId} for`;
    process.stdout.write(`${what} ${inv.name}: ${inv.lines.length} line(s), interventions ${inv.interventionIds.join(', ')}\n`);
  }
  for (const s of run.skipped) process.stdout.write(`skipped intervention #${s.interventionId}: ${s.reason}\n`);
  if (opts.dryRun) process.stdout.write('Dry run: nothing was created in Dolibarr.\n');
}
