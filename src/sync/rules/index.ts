/** Support rules: plain functions over the DolibarrApi and the sync ports (no HTTP, no Redis). */
export { resolveCustomer, type CustomerResolution, type CustomerDeps, type CustomerInput } from './customer-resolution';
export { resolveContract, type ContractResolution, type ContractDeps } from './contract-resolution';
export { computeTicketDuration, interventionSeconds, type TicketDuration } from './duration';
export { formatDuration } from './duration-format';
export { ensureErpExtrafields, readExtrafield, ERP_EXTRAFIELDS, type ErpSetupResult } from './erp-setup';
export { checkTimeEntry, validateTimeEntry } from './time-entry-check';
export { planInterventionSync, type InterventionPlanInput } from './intervention-plan';
export { applyInterventionPlan, type ApplyInterventionDeps, type ApplyInterventionResult } from './intervention-apply';
export type { InterventionAction, InterventionReport, InterventionLineDeletion, ReportReason } from './intervention-actions';
export { buildQuote, raiseQuote, type QuoteInput, type BuiltQuote } from './quotes';
export { quoteTrigger, quoteOutcomeUpdate, type QuoteTriggerDecision } from './quote-events';
export { computeBillingReport, type BillingReport, type BillingData, type BillableItem, type ContractUsage } from './billing-report';
export { renderBillingTable, billingCsv } from './billing-output';
export { createDraftInvoices, type InvoiceDeps, type InvoiceRunResult } from './billing-invoices';
export { customerNote, contractNote, durationNote, interventionNote, quoteCreatedNote } from './notes';
