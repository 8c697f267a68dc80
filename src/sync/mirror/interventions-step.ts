import type { TimeEntry } from '../../plugin-sdk';
import type { MirrorStep } from './mirror-context';
import type { EngineDeps } from '../shared/deps';
import type { TicketKey, TimeEntryLink } from '../ports';
import { planInterventionSync } from '../rules/intervention-plan';
import { applyInterventionPlan } from './apply-intervention-plan';
import type { InterventionLineDeletion } from '../rules/intervention-actions';
import { renderTemplate } from '../templates';
import { emitUpdate } from '../shared/emit-update';
import { reportValidated } from '../shared/report-validated';
import { helpdeskTicketLabel, requesterText } from '../rules/erp-display';
import { refreshContractHours } from '../shared/refresh-contract-hours';

/** Marks a time entry as turned into a line for some ticket: after a merge, the target must not count it again. */
const ENTRY_OWNER = 'time-entry-owner';
const ownerKey = (key: TicketKey, entryId: string) => `${key.helpdeskId}:${entryId}`;
/** Interventions whose creation the helpdesk was told about (by intervention id: a merge moves links, not news). */
const CREATED_REPORTED = 'intervention-created-reported';

function unchanged(entries: TimeEntry[], links: TimeEntryLink[]): boolean {
  if (entries.length !== links.length) return false;
  const byId = new Map(links.map((l) => [l.entryId, l]));
  return entries.every((e) => {
    const l = byId.get(e.id);
    return l !== undefined && l.seconds === e.seconds && l.startMs === e.start.getTime();
  });
}

/**
 * Time entries → intervention lines through the support rules: one draft intervention per
 * ticket (or per ticket and day), validated when the ticket is done; changes after
 * validation are reported to the helpdesk, never dropped.
 */
export const interventionsStep: MirrorStep = {
  name: 'interventions',
  async run(ctx, deps: EngineDeps) {
    const { key, snapshot } = ctx;
    const socid = ctx.pendingUpdate.socid ?? ctx.erpTicket.socid;
    const links = await deps.links.getTimeEntryLinks(key);
    const entries: TimeEntry[] = [];
    for (const entry of snapshot.timeEntries) {
      const mine = links.some((l) => l.entryId === entry.id);
      // Linked under another ticket (moved here by a merge): already counted there.
      if (!mine && (await deps.once.has(ENTRY_OWNER, ownerKey(key, entry.id)))) continue;
      entries.push(entry);
    }
    const done = (deps.rules.interventions.validateOn as string[]).includes(snapshot.ticket.stateCategory);
    if (entries.length === 0 && links.length === 0) return;
    await reportCreated(key, links, deps);
    if (!done && unchanged(entries, links)) return;
    if (!socid) {
      deps.logger.warn('time booked on a ticket without a third party: no intervention until the customer is known', {
        ...key,
        entries: entries.length,
      });
      return;
    }
    const contractId = ctx.pendingUpdate.contractId ?? ctx.erpTicket.contractId;
    const interventions = await deps.erp.listInterventionsForTicket(ctx.link.erpId, socid);
    const canDeleteLines = typeof (deps.erp as Partial<InterventionLineDeletion>).deleteInterventionLine === 'function';
    const plan = planInterventionSync({
      ticketKey: key,
      ticket: snapshot.ticket,
      firstSight: ctx.created,
      erp: { ticketId: ctx.link.erpId, socid, contractId },
      texts: {
        erpRef: ctx.link.erpRef,
        helpdeskTicket: helpdeskTicketLabel(key.helpdeskId, snapshot.ticket.number),
        requester: requesterText(snapshot.ticket.customer, deps.rules.customer.defaultCountry),
        customer: snapshot.ticket.customer,
        defaultCountry: deps.rules.customer.defaultCountry,
      },
      timeEntries: entries,
      existingLinks: links,
      interventions,
      config: deps.rules,
      canDeleteLines,
      render: renderTemplate,
    });
    if (plan.length === 0) return;
    const result = await applyInterventionPlan(plan, {
      ticketKey: key,
      erp: deps.erp as EngineDeps['erp'] & Partial<InterventionLineDeletion>,
      links: deps.links,
      logger: deps.logger,
    });
    for (const line of result.linesAdded) await deps.once.claim(ENTRY_OWNER, ownerKey(key, line.entryId));
    await reportCreated(key, await deps.links.getTimeEntryLinks(key), deps);
    for (const id of result.validated) await reportValidated(key, id, deps);
    for (const report of result.reports) {
      await emitUpdate(deps, key, {
        eventId: `time_entry.rejected:${report.key}`,
        type: 'time_entry.rejected',
        data: { ...report },
        note: report.message,
      });
    }
    const changed = result.created.length + result.linesAdded.length + result.linesDeleted + result.validated.length + result.closed.length > 0;
    ctx.interventionsChanged ||= changed;
    // Its own writes come back from the ERP as ignored echoes: the cached contract answers are dropped here.
    if (changed && contractId) await deps.accountCaches.invalidate('contracts');
    // Drafts are not consumption: the contract's hours move when an intervention is validated or closed.
    if (contractId && result.validated.length + result.closed.length > 0) await refreshContractHours(contractId, deps);
  },
};

/**
 * Tells the helpdesk about each intervention its time went into, once. Derived from the saved links rather than
 * from what this run created, so a run that died (or failed) after creating the intervention still reports it.
 */
async function reportCreated(key: TicketKey, links: TimeEntryLink[], deps: EngineDeps): Promise<void> {
  for (const interventionId of new Set(links.map((l) => l.interventionId))) {
    if (await deps.once.has(CREATED_REPORTED, String(interventionId))) continue;
    const iv = await deps.erp.getIntervention(interventionId);
    await emitUpdate(deps, key, {
      eventId: `intervention.created:${interventionId}`,
      type: 'intervention.created',
      data: { interventionId, ref: iv?.ref },
      note: renderTemplate('intervention-created', { ref: iv?.ref ?? `#${interventionId}` }),
    });
    await deps.once.claim(CREATED_REPORTED, String(interventionId));
  }
}
