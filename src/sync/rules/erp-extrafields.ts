import type { NewExtrafield } from '../../erp/dolibarr/api';

export type ElementType = 'ticket' | 'fichinter';

/** Extrafield names the bridge reads and writes; mirror, reflect and billing use these constants. */
export const ERP_EXTRAFIELDS = {
  ticket: {
    duration: 'tb_duration',
    helpdesk: 'tb_helpdesk_source',
    helpdeskTicketId: 'tb_helpdesk_id',
    helpdeskSlaDue: 'tb_hd_sla_due',
    helpdeskSlaStatus: 'tb_hd_sla_status',
    slaPolicy: 'tb_sla_policy',
    slaFirstResponseDue: 'tb_sla_first_due',
    slaResolutionDue: 'tb_sla_resol_due',
    slaUsedMinutes: 'tb_sla_used_min',
    slaStatus: 'tb_sla_status',
  },
  fichinter: { billedInvoice: 'tb_billed_invoice', helpdeskEntry: 'tb_helpdesk_entry' },
} as const;

/** The extrafields `ticketbridge setup-erp` creates. */
export const ERP_EXTRAFIELD_DEFINITIONS: ReadonlyArray<{ elementType: ElementType; def: NewExtrafield }> = [
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.duration, label: 'Time spent (h)', type: 'double', size: 24, position: 100 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.helpdesk, label: 'Helpdesk', type: 'varchar', size: 64, position: 101 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.helpdeskTicketId, label: 'Helpdesk ticket id', type: 'varchar', size: 200, position: 102 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.helpdeskSlaDue, label: 'Helpdesk SLA next due', type: 'datetime', position: 103 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.helpdeskSlaStatus, label: 'Helpdesk SLA status (ok / paused / breached)', type: 'varchar', size: 16, position: 104 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.slaPolicy, label: 'SLA policy', type: 'varchar', size: 32, position: 110 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.slaFirstResponseDue, label: 'SLA first response due', type: 'varchar', size: 32, position: 111 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.slaResolutionDue, label: 'SLA resolution due', type: 'varchar', size: 32, position: 112 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.slaUsedMinutes, label: 'SLA business minutes used', type: 'int', size: 10, position: 113 } },
  { elementType: 'ticket', def: { attrname: ERP_EXTRAFIELDS.ticket.slaStatus, label: 'SLA status', type: 'varchar', size: 16, position: 114 } },
  { elementType: 'fichinter', def: { attrname: ERP_EXTRAFIELDS.fichinter.billedInvoice, label: 'Billed by invoice', type: 'varchar', size: 64, position: 100 } },
  { elementType: 'fichinter', def: { attrname: ERP_EXTRAFIELDS.fichinter.helpdeskEntry, label: 'Helpdesk ticket / group', type: 'varchar', size: 255, position: 101 } },
];

/**
 * An extrafield value from a parsed Dolibarr object. The client contract does not say
 * whether keys keep Dolibarr's "options_" prefix, so both spellings are read.
 */
export function readExtrafield(values: Record<string, string | number | null>, attrname: string): string | null {
  const v = values[attrname] ?? values[`options_${attrname}`];
  return v === null || v === undefined || v === '' ? null : String(v);
}
