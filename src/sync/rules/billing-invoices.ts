import type { NewDocumentLine } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import type { RenderTemplate } from '../templates';
import type { BillableItem, BillingReport } from './billing-report';
import { ERP_EXTRAFIELDS } from './erp-extrafields';
import { localDay } from './local-day';

/** Marks an intervention as billed in Dolibarr itself ("pending:<period>", then the invoice id). */
export const BILLED_MARK = ERP_EXTRAFIELDS.fichinter.billedInvoice;
/** The invoice an intervention was billed by, shown on its card as the invoice's ref with a link. */
export const INVOICE_LINK = ERP_EXTRAFIELDS.fichinter.invoice;

/** The customer ref that names a billing period's invoice, and finds its draft again. */
export const periodRefClient = (period: string) => `Support ${period}`;

/** The hourly service product (rules.billing.hourlyServiceRef) as an invoice line needs it. */
export interface InvoiceProduct {
  id: number;
  price: number;
  vatRate: number;
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

export interface Skipped {
  interventionId: number;
  reason: string;
}

/** An intervention's billing mark as Dolibarr holds it right before invoicing; null when it no longer exists. */
export type CurrentMark = { billedInvoice: string | null } | null;

/**
 * The draft invoice of one customer of the report: its items not billed meanwhile (the report may be stale,
 * so the marks read again right before invoicing decide), one line per intervention at the hourly price.
 * Each line's label (what the card shows beside the product; the description is a tooltip there) and
 * period name the intervention, its ticket and its day in the report's time zone.
 */
export function planDraftInvoice(
  customer: BillingReport['customers'][number],
  currentMark: (interventionId: number) => CurrentMark | undefined,
  product: InvoiceProduct,
  config: RulesConfig['billing'],
  render: RenderTemplate,
  timeZone: string,
): { draft: DraftInvoice | null; skipped: Skipped[] } {
  const items: BillableItem[] = [];
  const skipped: Skipped[] = [];
  for (const item of customer.items) {
    const current = item.billedInvoice === null ? currentMark(item.interventionId) : undefined;
    const mark = item.billedInvoice ?? current?.billedInvoice ?? null;
    if (mark) skipped.push({ interventionId: item.interventionId, reason: `already billed (${mark})` });
    else if (!current) skipped.push({ interventionId: item.interventionId, reason: 'intervention no longer exists' });
    else items.push(item);
  }
  if (items.length === 0) return { draft: null, skipped };
  const lines: NewDocumentLine[] = items.map((i) => {
    const texts = {
      interventionRef: i.interventionRef,
      tickets: i.ticketRefs.join(', '),
      seconds: i.seconds,
      hours: i.hours,
      day: localDay(i.date, timeZone),
      overage: i.reason === 'overage',
      notCovered: i.reason === 'type-not-covered',
      contractRef: i.contractRef,
    };
    return {
      productId: product.id,
      label: render('invoice-line-label', texts),
      description: render('invoice-line', texts),
      qty: i.hours,
      unitPrice: product.price,
      vatRate: config.vatRate ?? product.vatRate,
      productType: 1,
      dateStart: i.date,
      dateEnd: i.date,
    };
  });
  const interventionIds = items.map((i) => i.interventionId);
  const ticketIds = [...new Set(items.flatMap((i) => i.ticketIds))];
  return { draft: { socid: customer.socid, name: customer.name, invoiceId: null, addedToDraft: false, interventionIds, ticketIds, lines }, skipped };
}

/** Items whose mark must be read again from Dolibarr before invoicing: those the report saw unbilled. */
export function itemsToRecheck(customer: BillingReport['customers'][number]): number[] {
  return customer.items.filter((i) => i.billedInvoice === null).map((i) => i.interventionId);
}
