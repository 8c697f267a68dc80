import type { TicketUpdate } from '../../erp/dolibarr/api';
import type { MirrorContext } from './mirror-context';
import type { EngineDeps } from '../shared/deps';
import { categoryForErpStatus, mapTicketFields, sameStateGroup } from '../shared/field-mapping';
import { asDolibarrPlainText } from '../shared/text';
import { assigneeOrUnresolved } from './owner';
import { emitUpdate, emitUpdates } from '../shared/emit-update';
import { leavesUnresolved, unresolvedUpdate } from '../shared/unresolved';
import { NotFoundError } from '../../plugin-sdk';
import { ticketCardExtrafields, ticketCardUpdate } from '../rules/ticket-card';
import { statusSideFields } from '../rules/ticket-close';

/**
 * Helpdesk changes to the ERP ticket's fields. A field is written only when the helpdesk's
 * value maps to something other than what the ERP holds, so an ERP-side value that maps
 * to the same helpdesk value (status "read" vs "in progress" are both "open") is left alone.
 * The status is written only when the helpdesk's state changed since the last mirror: otherwise the
 * ERP changed it, and the helpdesk is about to receive that change, not to undo it.
 */
export async function syncTicketFields(ctx: MirrorContext, deps: EngineDeps): Promise<void> {
  const { ticket } = ctx.snapshot;
  const erp = ctx.erpTicket;
  const update: TicketUpdate = ctx.pendingUpdate;
  const subject = asDolibarrPlainText(ticket.title);
  if (subject && subject !== erp.subject) update.subject = subject;
  const fields = mapTicketFields(ticket, deps.mapping);
  if (fields.typeCode !== erp.typeCode) update.typeCode = fields.typeCode;
  if (fields.categoryCode !== erp.categoryCode) update.categoryCode = fields.categoryCode;
  if (fields.severityCode !== erp.severityCode) update.severityCode = fields.severityCode;
  // The delivered state is consumed only when the state changed.
  const { mirrored, delivered } = ctx.helpdeskStates;
  const stateChanged = mirrored !== ticket.stateCategory && !(delivered !== null && (await isDeliveredStateEcho(ctx, deps)));
  if (stateChanged && categoryForErpStatus(erp.status, deps.mapping) !== ticket.stateCategory && fields.status !== erp.status)
    update.status = fields.status;
  const assignee = await assigneeOrUnresolved(ctx.key, ticket.owner, deps);
  if (assignee !== undefined && assignee !== erp.userAssignId) update.userAssignId = assignee;

  if (!ctx.created) {
    const account = await deps.resolveAccount(ticket, ctx.key);
    ctx.account = account;
    if (account.socid !== undefined && account.socid !== erp.socid) update.socid = account.socid;
    if (account.contractId !== undefined && account.contractId !== erp.contractId) update.contractId = account.contractId;
    await emitUpdates(deps, ctx.key, account.updates);
    const card = ticketCardExtrafields({
      helpdeskId: ctx.key.helpdeskId,
      ticket,
      ticketUrl: deps.ticketUrls?.[ctx.key.helpdeskId],
      contactId: account.contactId,
      contractId: account.contractId ?? erp.contractId ?? undefined,
      defaultCountry: deps.rules.customer.defaultCountry,
    });
    const { extrafields, originEmail } = ticketCardUpdate(erp, card);
    if (extrafields) update.extrafields = { ...update.extrafields, ...extrafields };
    if (originEmail === null) update.originEmail = null;
  }
}

/** The helpdesk's state change is the one the bridge delivered (as the helpdesk reads it back); consumed either way. */
async function isDeliveredStateEcho(ctx: MirrorContext, deps: EngineDeps): Promise<boolean> {
  const delivered = await deps.helpdeskState.takeDelivered(ctx.key);
  if (!delivered) return false;
  return sameStateGroup(delivered, ctx.snapshot.ticket.stateCategory);
}

/**
 * Writes the field changes gathered by the run in one PUT, remembers the status the bridge set and,
 * once the ERP holds it, the helpdesk state mirrored (a failed PUT leaves the state to write again).
 * A PUT Dolibarr refuses for good leaves the fields unresolved (the helpdesk is told); it does not fail the mirror.
 */
export async function flushTicketUpdate(ctx: MirrorContext, deps: EngineDeps): Promise<void> {
  const update = ctx.pendingUpdate;
  Object.assign(update, statusSideFields(ctx.erpTicket, update.status ?? ctx.erpTicket.status, deps.now()));
  if (Object.keys(update).length > 0) {
    try {
      ctx.erpTicket = await deps.erp.updateTicket(ctx.link.erpId, update);
    } catch (err) {
      if (!leavesUnresolved(err) || (await ticketGone(err, ctx, deps))) throw err;
      // The fields stay as they are in Dolibarr; the next change computes and sends them again.
      deps.logger.warn('ERP ticket fields left unresolved', {
        ...ctx.key,
        erpId: ctx.link.erpId,
        fields: Object.keys(update),
        error: (err as Error).message,
      });
      await emitUpdate(deps, ctx.key, unresolvedUpdate('fields', ctx.key, err));
      ctx.pendingUpdate = {};
      return;
    }
    await deps.erpTickets.set(ctx.key, ctx.erpTicket);
    // Recorded only once written: a failed write must not make the old ERP status look like a user's change.
    if (update.status !== undefined) await deps.erpStatus.set(ctx.link.erpId, update.status);
    deps.logger.info('ERP ticket updated', { ...ctx.key, erpId: ctx.link.erpId, fields: Object.keys(update) });
    ctx.pendingUpdate = {};
  }
  await deps.helpdeskState.setMirrored(ctx.key, ctx.snapshot.ticket.stateCategory);
}

/** A 404 on the PUT because the ticket itself was deleted stops the mirror (see mirrorTicket); not a refused field. */
async function ticketGone(err: unknown, ctx: MirrorContext, deps: EngineDeps): Promise<boolean> {
  return err instanceof NotFoundError && !(await deps.erp.getTicket(ctx.link.erpId));
}
