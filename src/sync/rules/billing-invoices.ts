import type { DolibarrApi, NewDocumentLine } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../errors';
import { getLogger, type Logger } from '../../logging/logger';
import type { RenderTemplate } from '../templates';
import type { BillableItem, BillingReport } from './billing-report';
import { ERP_EXTRAFIELDS, readExtrafield } from './erp-setup';
import { localDay } from './local-day';

export interface InvoiceDeps {
  api: Pick<DolibarrApi, 'getProductByRef' | 'getIntervention' | 'createInvoice' | 'findDraftInvoice' | 'addInvoiceLine' | 'setInterventionExtrafields'>;
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
  /** The period's draft from an earlier run received these lines. */
  addedToDraft: boolean;
  interventionIds: number[];
  ticketIds: number[];
  lines: NewDocumentLine[];
}

export interface InvoiceRunResult {
  invoices: DraftInvoice[];
  skipped: Array<{ interventionId: number; reason: string }>;
}

const MARK = ERP_EXTRAFIELDS.fichinter.billedInvoice;
const INVOICE_LINK = ERP_EXTRAFIELDS.fichinter.invoice;

/** The customer ref that names a billing period's invoice, and finds its draft again. */
export const periodRefClient = (period: string) => `Support ${period}`;

/**
 * One draft invoice per third party and period: the first run creates it, linked to its interventions and
 * tickets; a later run of the same period adds its new items to that invoice while it is still a draft
 * (once validated, a new draft is started). Every line shows the intervention, the ticket and the day.
 * The billing is recorded in Dolibarr itself (fichinter extrafield tb_billed_invoice), so it survives a
 * Redis loss: each intervention is marked "pending:<period>" before the invoice is written and the invoice
 * id after, and shows the invoice as a link (tb_invoice); a marked intervention is never invoiced again.
 * A crash between the two leaves "pending:…" for finance to check, never a second invoice line.
 * Interventions added to an existing draft are not in its related objects: Dolibarr's API cannot link
 * an intervention to an existing invoice (POST /objectlinks refuses fichinter).
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

    const lines: NewDocumentLine[] = items.map((i) => {
      const texts = {
        interventionRef: i.interventionRef, tickets: i.ticketRefs.join(', '), seconds: i.seconds, hours: i.hours, day: localDay(i.date, report.timeZone),
        overage: i.reason === 'overage', notCovered: i.reason === 'type-not-covered', contractRef: i.contractRef,
      };
      return {
        productId: product.id,
        label: deps.render('invoice-line-label', texts),
        description: deps.render('invoice-line', texts),
        qty: i.hours,
        unitPrice: product.price,
        vatRate: deps.config.vatRate ?? product.vatRate,
        productType: 1,
        dateStart: i.date,
        dateEnd: i.date,
      };
    });
    const interventionIds = items.map((i) => i.interventionId);
    const ticketIds = [...new Set(items.flatMap((i) => i.ticketIds))];
    const draft: DraftInvoice = { socid: customer.socid, name: customer.name, invoiceId: null, addedToDraft: false, interventionIds, ticketIds, lines };
    result.invoices.push(draft);
    if (deps.dryRun) continue;

    const refClient = periodRefClient(report.period);
    for (const id of interventionIds) await deps.api.setInterventionExtrafields(id, { [MARK]: `pending:${report.period}` });
    const existing = await deps.api.findDraftInvoice({ socid: customer.socid, refClient });
    if (existing) {
      for (const line of lines) await deps.api.addInvoiceLine(existing.id, line);
      draft.invoiceId = existing.id;
      draft.addedToDraft = true;
    } else {
      draft.invoiceId = await deps.api.createInvoice({
        socid: customer.socid,
        date: deps.now(),
        refClient,
        lines,
        linkedObjects: { fichinter: interventionIds, ticket: ticketIds },
        notePrivate: `TicketBridge billing run ${report.period}`,
      });
    }
    for (const id of interventionIds) await deps.api.setInterventionExtrafields(id, { [MARK]: String(draft.invoiceId), [INVOICE_LINK]: draft.invoiceId });
    log.info(existing ? 'items added to the period\'s draft invoice' : 'draft invoice created', { socid: customer.socid, invoiceId: draft.invoiceId, interventionIds, period: report.period });
  }
  return result;
}
