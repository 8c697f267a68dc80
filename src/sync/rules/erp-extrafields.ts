import type { ExtrafieldElement, NewExtrafield } from '../../erp/dolibarr/api';
import type { DolExtrafieldDef } from '../../erp/dolibarr/types';

/** Extrafield names the bridge reads and writes; mirror, reflect and billing use these constants. */
export const ERP_EXTRAFIELDS = {
  ticket: {
    duration: 'tb_duration',
    helpdesk: 'tb_helpdesk_source',
    helpdeskTicketId: 'tb_helpdesk_id',
    helpdeskTicket: 'tb_helpdesk_ticket',
    helpdeskUrl: 'tb_helpdesk_url',
    requester: 'tb_requester',
    contact: 'tb_contact',
    contract: 'tb_contract',
    helpdeskSlaDue: 'tb_hd_sla_due',
    helpdeskSlaStatus: 'tb_hd_sla_status',
    slaPolicy: 'tb_sla_policy',
    slaFirstResponseDue: 'tb_sla_first_due',
    slaResolutionDue: 'tb_sla_resol_due',
    slaUsedMinutes: 'tb_sla_used_min',
    slaStatus: 'tb_sla_status',
    devIssue: 'tb_dev_ref',
    devIssueUrl: 'tb_dev_url',
  },
  fichinter: { billedInvoice: 'tb_billed_invoice', helpdeskEntry: 'tb_helpdesk_entry', invoice: 'tb_invoice' },
  contrat: { hoursPrepaid: 'tb_hours_prepaid', hoursUsed: 'tb_hours_used', hoursLeft: 'tb_hours_left' },
} as const;

const HIDDEN = 0;
const VIEW_ONLY = 5;
const T = ERP_EXTRAFIELDS.ticket;
const F = ERP_EXTRAFIELDS.fichinter;
const C = ERP_EXTRAFIELDS.contrat;

/** Features whose extrafields exist only where they are switched on: an empty row on every card helps nobody. */
export type ErpFieldFeature = 'sla' | 'devEscalation';

export interface ErpExtrafieldDefinition {
  elementType: ExtrafieldElement;
  def: NewExtrafield;
  feature?: ErpFieldFeature;
}

/**
 * The extrafields `ticketbridge setup-erp` creates. Machine keys the bridge needs are hidden from users
 * (Dolibarr's list setting 0; the API still returns them); what users read is shown on the card and in
 * lists but not editable (5), since the bridge rewrites it. The API strips HTML from every extrafield value
 * (alphanohtml), so the helpdesk link is a url field beside the number rather than one html link. Dolibarr's card already shows the ticket's
 * "Duration of interventions", so the bridge's hours stay an API value instead of a second duration.
 * Service levels (the bridge's clock and the helpdesk's own) are for the support team to read, and so is the
 * development issue a ticket was escalated to (its reference, and its link in a url field beside it).
 */
export const ERP_EXTRAFIELD_DEFINITIONS: ReadonlyArray<ErpExtrafieldDefinition> = [
  {
    elementType: 'ticket',
    def: { attrname: T.helpdeskTicket, label: 'Helpdesk ticket', type: 'varchar', size: 128, position: 99, visibility: VIEW_ONLY },
  },
  { elementType: 'ticket', def: { attrname: T.helpdeskUrl, label: 'Open in the helpdesk', type: 'url', position: 100, visibility: VIEW_ONLY } },
  { elementType: 'ticket', def: { attrname: T.requester, label: 'Requester', type: 'varchar', size: 255, position: 101, visibility: VIEW_ONLY } },
  {
    elementType: 'ticket',
    def: {
      attrname: T.contact,
      label: 'Customer contact',
      type: 'link',
      linkTo: 'Contact:contact/class/contact.class.php',
      position: 102,
      visibility: VIEW_ONLY,
    },
  },
  {
    elementType: 'ticket',
    def: {
      attrname: T.contract,
      label: 'Support contract',
      type: 'link',
      linkTo: 'Contrat:contrat/class/contrat.class.php',
      position: 103,
      visibility: VIEW_ONLY,
    },
  },
  {
    elementType: 'ticket',
    def: { attrname: T.helpdeskSlaDue, label: 'Helpdesk SLA next due', type: 'datetime', position: 104, visibility: VIEW_ONLY },
  },
  {
    elementType: 'ticket',
    def: {
      attrname: T.helpdeskSlaStatus,
      label: 'Helpdesk SLA status (ok / paused / breached)',
      type: 'varchar',
      size: 16,
      position: 105,
      visibility: VIEW_ONLY,
    },
  },
  {
    elementType: 'ticket',
    def: { attrname: T.slaPolicy, label: 'SLA policy', type: 'varchar', size: 32, position: 106, visibility: VIEW_ONLY },
    feature: 'sla',
  },
  {
    elementType: 'ticket',
    def: { attrname: T.slaFirstResponseDue, label: 'SLA first response due', type: 'varchar', size: 32, position: 107, visibility: VIEW_ONLY },
    feature: 'sla',
  },
  {
    elementType: 'ticket',
    def: { attrname: T.slaResolutionDue, label: 'SLA resolution due', type: 'varchar', size: 32, position: 108, visibility: VIEW_ONLY },
    feature: 'sla',
  },
  {
    elementType: 'ticket',
    def: { attrname: T.slaUsedMinutes, label: 'SLA business minutes used', type: 'int', size: 10, position: 109, visibility: VIEW_ONLY },
    feature: 'sla',
  },
  {
    elementType: 'ticket',
    def: { attrname: T.slaStatus, label: 'SLA status', type: 'varchar', size: 16, position: 110, visibility: VIEW_ONLY },
    feature: 'sla',
  },
  {
    elementType: 'ticket',
    def: { attrname: T.devIssue, label: 'Development issue', type: 'varchar', size: 64, position: 111, visibility: VIEW_ONLY },
    feature: 'devEscalation',
  },
  {
    elementType: 'ticket',
    def: { attrname: T.devIssueUrl, label: 'Open in the development tracker', type: 'url', position: 112, visibility: VIEW_ONLY },
    feature: 'devEscalation',
  },
  {
    elementType: 'ticket',
    def: { attrname: T.duration, label: 'Time spent in hours (TicketBridge)', type: 'double', size: 24, position: 120, visibility: HIDDEN },
  },
  {
    elementType: 'ticket',
    def: { attrname: T.helpdesk, label: 'Helpdesk id (TicketBridge)', type: 'varchar', size: 64, position: 121, visibility: HIDDEN },
  },
  {
    elementType: 'ticket',
    def: {
      attrname: T.helpdeskTicketId,
      label: 'Helpdesk internal ticket id (TicketBridge)',
      type: 'varchar',
      size: 200,
      position: 122,
      visibility: HIDDEN,
    },
  },
  {
    elementType: 'fichinter',
    def: {
      attrname: F.invoice,
      label: 'Billed by invoice',
      type: 'link',
      linkTo: 'Facture:compta/facture/class/facture.class.php',
      position: 100,
      visibility: VIEW_ONLY,
    },
  },
  {
    elementType: 'fichinter',
    def: { attrname: F.billedInvoice, label: 'Billing state (TicketBridge)', type: 'varchar', size: 64, position: 110, visibility: HIDDEN },
  },
  {
    elementType: 'fichinter',
    def: { attrname: F.helpdeskEntry, label: 'Helpdesk time entries (TicketBridge)', type: 'varchar', size: 255, position: 111, visibility: HIDDEN },
  },
  {
    elementType: 'contrat',
    def: { attrname: C.hoursPrepaid, label: 'Support hours prepaid', type: 'double', size: 24, position: 100, visibility: VIEW_ONLY },
  },
  {
    elementType: 'contrat',
    def: { attrname: C.hoursUsed, label: 'Support hours used', type: 'double', size: 24, position: 101, visibility: VIEW_ONLY },
  },
  {
    elementType: 'contrat',
    def: { attrname: C.hoursLeft, label: 'Support hours left', type: 'double', size: 24, position: 102, visibility: VIEW_ONLY },
  },
];

/**
 * Whether an existing definition needs correcting: the label and visibility are the bridge's to set (earlier
 * versions showed machine keys to users); a type change would rewrite the column, so it is left to the admin.
 */
/**
 * The definitions for the features switched on. A switched-off feature's fields are not created, and hidden from
 * users where an earlier setup created them (their values stay for the API).
 */
export function extrafieldsFor(enabled: Readonly<Record<ErpFieldFeature, boolean>>): Array<ErpExtrafieldDefinition & { createIfMissing: boolean }> {
  return ERP_EXTRAFIELD_DEFINITIONS.map((d) =>
    !d.feature || enabled[d.feature] ? { ...d, createIfMissing: true } : { ...d, def: { ...d.def, visibility: HIDDEN }, createIfMissing: false },
  );
}

export function extrafieldNeedsUpdate(current: DolExtrafieldDef, def: NewExtrafield): boolean {
  return current.label !== def.label || String(current.visibility ?? '1') !== String(def.visibility ?? 1);
}

/**
 * An extrafield value from a parsed Dolibarr object. The client contract does not say
 * whether keys keep Dolibarr's "options_" prefix, so both spellings are read.
 */
export function readExtrafield(values: Record<string, string | number | null>, attrname: string): string | null {
  const v = values[attrname] ?? values[`options_${attrname}`];
  return v === null || v === undefined || v === '' ? null : String(v);
}
