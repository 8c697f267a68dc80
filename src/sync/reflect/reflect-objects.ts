import type { EngineDeps } from '../shared/deps';
import type { TicketLink } from '../ports';
import { quoteOutcomeUpdate } from '../rules/quote-events';
import { ERP_EXTRAFIELDS, readExtrafield } from '../rules/erp-extrafields';
import { refreshDuration } from '../shared/refresh-duration';
import { reportValidated } from '../shared/report-validated';
import { emitUpdate } from '../shared/emit-update';
import { refreshContractHours } from '../shared/refresh-contract-hours';

async function linkedTicketLinks(ticketIds: number[], deps: EngineDeps): Promise<TicketLink[]> {
  const links: TicketLink[] = [];
  for (const id of ticketIds) {
    const link = await deps.links.getTicketLinkByErpId(id);
    if (link) links.push(link);
  }
  return links;
}

/**
 * An intervention changed in Dolibarr (FICHINTER_*): the duration of every ticket it is
 * linked to is recomputed, hand-made interventions included, a validation is reported, and cached contract
 * answers are dropped.
 */
export async function reflectIntervention(erpId: number, deps: EngineDeps, contractId?: number): Promise<void> {
  // Cached contract answers count the contract's interventions: this one may have moved them (even deleted, or moved off it).
  await deps.accountCaches.invalidate('contracts');
  const intervention = await deps.erp.getIntervention(erpId);
  if (!intervention) {
    deps.logger.info('intervention no longer exists; durations are refreshed by the next ticket change', { erpId });
    // Deleted: the webhook named its contract, whose hours no longer count it.
    if (contractId) await refreshContractHours(contractId, deps);
    return;
  }
  if (intervention.contractId) await refreshContractHours(intervention.contractId, deps);
  for (const link of await linkedTicketLinks(intervention.linkedObjects.ticket ?? [], deps)) {
    await refreshDuration(link, intervention.socid, deps);
    if (intervention.status >= 1) await reportValidated(link, intervention.id, deps);
  }
}

/** A proposal signed or refused in Dolibarr: the helpdesk gets a note and the configured state. */
export async function reflectProposal(erpId: number, deps: EngineDeps): Promise<void> {
  const proposal = await deps.erp.getProposal(erpId);
  if (!proposal) return;
  const fromQuoteLink = await deps.links.getTicketByProposal(erpId);
  const keys = fromQuoteLink ? [fromQuoteLink] : await linkedTicketLinks(proposal.linkedObjects.ticket ?? [], deps);
  for (const key of keys) {
    const update = quoteOutcomeUpdate(proposal, key, deps.rules.quotes);
    if (update) await emitUpdate(deps, key, update);
  }
}

/**
 * An invoice validated in Dolibarr: interventions it is linked to are marked billed in
 * Dolibarr itself, so a billing run never invoices them again (even one made by hand).
 */
export async function reflectInvoice(erpId: number, deps: EngineDeps): Promise<void> {
  const invoice = await deps.erp.getInvoice(erpId);
  if (!invoice) return;
  for (const interventionId of invoice.linkedObjects.fichinter ?? []) {
    const intervention = await deps.erp.getIntervention(interventionId);
    if (!intervention || readExtrafield(intervention.extrafields, ERP_EXTRAFIELDS.fichinter.billedInvoice)) continue;
    await deps.erp.setInterventionExtrafields(interventionId, { [ERP_EXTRAFIELDS.fichinter.billedInvoice]: invoice.ref });
    deps.logger.info('intervention marked billed by a validated invoice', { interventionId, invoice: invoice.ref });
  }
}
