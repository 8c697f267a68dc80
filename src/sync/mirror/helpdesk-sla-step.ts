import type { MirrorStep } from './mirror-context';
import { ERP_EXTRAFIELDS, readExtrafield } from '../rules/erp-extrafields';

/**
 * Mirrors the helpdesk's own SLA state (JSM's SLA cycles), beside the bridge's business-hours clock (sla-step), onto the ERP ticket (extrafields created by setup-erp): status
 * ok / paused / breached and the next due date (Unix seconds, as Dolibarr takes datetime extrafields).
 * Written only when it differs from what the ERP holds; a snapshot without SLA leaves them as they are.
 */
export const helpdeskSlaStep: MirrorStep = {
  name: 'helpdesk-sla',
  async run(ctx) {
    const sla = ctx.snapshot.helpdeskSla;
    if (!sla) return;
    const { helpdeskSlaStatus: slaStatus, helpdeskSlaDue: slaDue } = ERP_EXTRAFIELDS.ticket;
    const due = sla.nextDueAt ? Math.floor(sla.nextDueAt.getTime() / 1000) : null;
    const held = ctx.erpTicket.extrafields;
    const changes: Record<string, string | number | null> = {};
    if (readExtrafield(held, slaStatus) !== sla.status) changes[slaStatus] = sla.status;
    if (readExtrafield(held, slaDue) !== (due === null ? null : String(due))) changes[slaDue] = due;
    if (Object.keys(changes).length) ctx.pendingUpdate.extrafields = { ...ctx.pendingUpdate.extrafields, ...changes };
  },
};
