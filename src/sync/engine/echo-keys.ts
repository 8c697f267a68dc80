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
 * Echo marker of a state the bridge wrote to the helpdesk. Helpdesk states and ERP statuses do not map one to
 * one (Znuny's "pending reminder" reads back as pending for ERP "waiting for information"): the state change the
 * bridge caused must not be written back to the ERP as if an agent had made it.
 */
export function helpdeskStateEchoKey(source: string, ticketId: string): string {
  return `hd-state-echo:${source}:${ticketId}`;
}

export function helpdeskStateCursor(source: string, ticketId: string): string {
  return `hd-state:${source}:${ticketId}`;
}
