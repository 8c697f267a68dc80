import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import { InputError } from '../../plugin-sdk';
import { getLogger, type Logger } from '../../logging/logger';
import type { RenderTemplate } from '../templates';
import type { BillingReport } from '../rules/billing-report';
import { readExtrafield } from '../rules/erp-extrafields';
import {
  BILLED_MARK,
  INVOICE_LINK,
  itemsToRecheck,
  periodRefClient,
  planDraftInvoice,
  type CurrentMark,
  type DraftInvoice,
  type Skipped,
} from '../rules/billing-invoices';

export interface InvoiceDeps {
  erp: Pick<
    DolibarrApi,
    'getProductByRef' | 'getIntervention' | 'createInvoice' | 'findDraftInvoice' | 'addInvoiceLine' | 'setInterventionExtrafields'
  >;
  config: RulesConfig['billing'];
  render: RenderTemplate;
  now: () => Date;
  /** Compute and return what would be invoiced; write nothing. */
  dryRun?: boolean;
  logger?: Logger;
}

export interface InvoiceRunResult {
  invoices: DraftInvoice[];
  skipped: Skipped[];
}

/**
 * One draft invoice per third party and period: the first run creates it, linked to its interventions and
 * tickets; a later run of the same period adds its new items to that invoice while it is still a draft
 * (once validated, a new draft is started). The billing is recorded in Dolibarr itself (fichinter
 * extrafield tb_billed_invoice), so it survives a Redis loss: each intervention is marked "pending:<period>"
 * before the invoice is written and the invoice id after, and shows the invoice as a link (tb_invoice); a
 * marked intervention is never invoiced again. A crash between the two leaves "pending:…" for finance to
 * check, never a second invoice line. Interventions added to an existing draft are not among its related
 * objects: Dolibarr's API cannot link an intervention to an existing invoice (POST /objectlinks refuses fichinter).
 */
export async function createDraftInvoices(report: BillingReport, deps: InvoiceDeps): Promise<InvoiceRunResult> {
  const log = deps.logger ?? getLogger('billing');
  const product = await deps.erp.getProductByRef(deps.config.hourlyServiceRef);
  if (!product) throw new InputError('billing', [`rules.billing.hourlyServiceRef: no Dolibarr product with ref "${deps.config.hourlyServiceRef}"`]);
  const result: InvoiceRunResult = { invoices: [], skipped: [] };

  for (const customer of report.customers) {
    const marks = new Map<number, CurrentMark>();
    for (const id of itemsToRecheck(customer)) {
      const current = await deps.erp.getIntervention(id);
      marks.set(id, current ? { billedInvoice: readExtrafield(current.extrafields, BILLED_MARK) } : null);
    }
    const { draft, skipped } = planDraftInvoice(customer, (id) => marks.get(id), product, deps.config, deps.render, report.timeZone);
    result.skipped.push(...skipped);
    if (!draft) continue;
    result.invoices.push(draft);
    if (deps.dryRun) continue;

    const { interventionIds, ticketIds, lines } = draft;
    const refClient = periodRefClient(report.period);
    for (const id of interventionIds) await deps.erp.setInterventionExtrafields(id, { [BILLED_MARK]: `pending:${report.period}` });
    const existing = await deps.erp.findDraftInvoice({ socid: customer.socid, refClient });
    if (existing) {
      for (const line of lines) await deps.erp.addInvoiceLine(existing.id, line);
      draft.invoiceId = existing.id;
      draft.addedToDraft = true;
    } else {
      draft.invoiceId = await deps.erp.createInvoice({
        socid: customer.socid,
        date: deps.now(),
        refClient,
        lines,
        linkedObjects: { fichinter: interventionIds, ticket: ticketIds },
        notePrivate: `TicketBridge billing run ${report.period}`,
      });
    }
    for (const id of interventionIds)
      await deps.erp.setInterventionExtrafields(id, { [BILLED_MARK]: String(draft.invoiceId), [INVOICE_LINK]: draft.invoiceId });
    log.info(existing ? "items added to the period's draft invoice" : 'draft invoice created', {
      socid: customer.socid,
      invoiceId: draft.invoiceId,
      interventionIds,
      period: report.period,
    });
  }
  return result;
}
