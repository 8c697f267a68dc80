import type { DolibarrApi, NewDocumentLine } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../plugin-sdk';
import { getLogger, type Logger } from '../../logging/logger';
import type { RenderTemplate } from '../templates';
import type { BillableItem, BillingReport } from './billing-report';
import { ERP_EXTRAFIELDS, readExtrafield } from './erp-setup';

export interface InvoiceDeps {
  api: Pick<DolibarrApi, 'getProductByRef' | 'getIntervention' | 'createInvoice' | 'setInterventionExtrafields'>;
  config: RulesConfig['billing'];
  render: RenderTemplate;
  now: () => Date;
  /** Compute and return what would be invoiced; write nothing. */
  dryRun?: boolean;
  logger?: Logger;
}

export interface DraftInvoice {
  socid: number;
  name: string;
  /** null in a dry run. */
  invoiceId: number | null;
  interventionIds: number[];
  ticketIds: number[];
  lines: NewDocumentLine[];
}

export interface InvoiceRunResult {
  invoices: DraftInvoice[];
  skipped: Array<{ interventionId: number; reason: string }>;
}

const MARK = ERP_EXTRAFIELDS.fichinter.billedInvoice;

/**
 * One draft invoice per third party with unbilled time, linked to its interventions and
 * tickets. The billing is recorded in Dolibarr itself (fichinter extrafield tb_billed_invoice),
 * so it survives a Redis loss: each intervention is marked "pending:<period>" before the
 * invoice is created and the invoice id after; a marked intervention is never invoiced again.
 * A crash between the two leaves "pending:…" for finance to check, never a second invoice.
 */
export async function createDraftInvoices(report: BillingReport, deps: InvoiceDeps): Promise<InvoiceRunResult> {
  const log = deps.logger ?? getLogger('billing');
  const product = await deps.api.getProductByRef(deps.config.hourlyServiceRef);
  if (!product) throw new InputError('billing', [`rules.billing.hourlyServiceRef: no Dolibarr product with ref "${deps.config.hourlyServiceRef}"`]);
  const result: InvoiceRunResult = { invoices: [], skipped: [] };

  for (const customer of report.customers) {
    const items: BillableItem[] = [];
    for (const item of customer.items) {
      // The report may be stale: read the marker again right before invoicing.
      const current = item.billedInvoice === null ? await deps.api.getIntervention(item.interventionId) : null;
      const mark = item.billedInvoice ?? (current ? readExtrafield(current.extrafields, MARK) : null);
      if (mark) result.skipped.push({ interventionId: item.interventionId, reason: `already billed (${mark})` });
      else if (!current) result.skipped.push({ interventionId: item.interventionId, reason: 'intervention no longer exists' });
      else items.push(item);
    }
    if (items.length === 0) continue;

    const lines: NewDocumentLine[] = items.map((i) => ({
      productId: product.id,
      description: deps.render('invoice-line', {
        interventionRef: i.interventionRef, tickets: i.ticketRefs.join(', '), seconds: i.seconds, hours: i.hours,
        overage: i.reason === 'overage', notCovered: i.reason === 'type-not-covered', contractRef: i.contractRef,
      }),
      qty: i.hours,
      unitPrice: product.price,
      vatRate: deps.config.vatRate ?? product.vatRate,
      productType: 1,
    }));
    const interventionIds = items.map((i) => i.interventionId);
    const ticketIds = [...new Set(items.flatMap((i) => i.ticketIds))];
    const draft: DraftInvoice = { socid: customer.socid, name: customer.name, invoiceId: null, interventionIds, ticketIds, lines };
    result.invoices.push(draft);
    if (deps.dryRun) continue;

    for (const id of interventionIds) await deps.api.setInterventionExtrafields(id, { [MARK]: `pending:${report.period}` });
    draft.invoiceId = await deps.api.createInvoice({
      socid: customer.socid,
      date: deps.now(),
      refClient: `Support ${report.period}`,
      lines,
      linkedObjects: { fichinter: interventionIds, ticket: ticketIds },
      notePrivate: `TicketBridge billing run ${report.period}`,
    });
    for (const id of interventionIds) await deps.api.setInterventionExtrafields(id, { [MARK]: String(draft.invoiceId) });
    log.info('draft invoice created', { socid: customer.socid, invoiceId: draft.invoiceId, interventionIds, period: report.period });
  }
  return result;
}
