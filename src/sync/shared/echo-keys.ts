import { messageFingerprint } from './text';

/** Echo marker of a note the bridge wrote to the helpdesk: when it comes back as an article, it is not mirrored. */
export function helpdeskNoteEchoKey(source: string, ticketId: string, text: string): string {
  return `hd-note:${source}:${ticketId}:${messageFingerprint(text)}`;
}

/** Echo marker of a message the bridge wrote to the ERP, for the ACTION_CREATE it triggers. */
export function erpMessageEchoKey(erpTicketId: number, text: string): string {
  return `erp-msg:${erpTicketId}:${messageFingerprint(text)}`;
}

/** Cursor holding the last ERP ticket status the bridge wrote or reported, so its echo is not reported back. */
export function erpStatusCursor(erpTicketId: number): string {
  return `erp-status:${erpTicketId}`;
}

/**
 * Cursor holding the helpdesk state category last mirrored to the ERP. Only a change of it is a helpdesk
 * state change: an unchanged (stale) helpdesk state must not overwrite a status an ERP user just set.
 */
/**
 * Cursor holding the state category the bridge last delivered to the helpdesk, until the helpdesk's state next
 * changes. Helpdesk states and ERP statuses do not map one to one (Znuny's "pending reminder" reads back as
 * pending after ERP "waiting for information"): the change the bridge caused must not go back to the ERP.
 */
export function helpdeskStateDeliveredCursor(source: string, ticketId: string): string {
  return `hd-state-delivered:${source}:${ticketId}`;
}

export function helpdeskStateCursor(source: string, ticketId: string): string {
  return `hd-state:${source}:${ticketId}`;
}
