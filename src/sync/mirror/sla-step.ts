import type { MirrorStep } from './mirror-context';
import { ERP_EXTRAFIELDS, readExtrafield } from '../rules/erp-extrafields';

/**
 * Mirrors the helpdesk's SLA state onto the ERP ticket (extrafields created by setup-erp): status
 * ok / paused / breached and the next due date (Unix seconds, as Dolibarr takes datetime extrafields).
 * Written only when it differs from what the ERP holds; a snapshot without SLA leaves them as they are.
 */
export const slaStep: MirrorStep = {
  name: 'sla',
  async run(ctx) {
    const sla = ctx.snapshot.sla;
    if (!sla) return;
    const { slaStatus, slaDue } = ERP_EXTRAFIELDS.ticket;
    const due = sla.nextDueAt ? Math.floor(sla.nextDueAt.getTime() / 1000) : null;
    const held = ctx.erpTicket.extrafields;
    const changes: Record<string, string | number | null> = {};
    if (readExtrafield(held, slaStatus) !== sla.status) changes[slaStatus] = sla.status;
    if (readExtrafield(held, slaDue) !== (due === null ? null : String(due))) changes[slaDue] = due;
    if (Object.keys(changes).length) ctx.pendingUpdate.extrafields = { ...ctx.pendingUpdate.extrafields, ...changes };
  },
};
