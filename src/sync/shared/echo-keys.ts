import { messageFingerprint } from './text';

/** Echo marker of a note the bridge wrote to the helpdesk: when it comes back as an article, it is not mirrored. */
export function helpdeskNoteEchoKey(helpdeskId: string, ticketId: string, text: string): string {
  return `hd-note:${helpdeskId}:${ticketId}:${messageFingerprint(text)}`;
}

/** Echo marker of a message the bridge wrote to the ERP, for the ACTION_CREATE it triggers. */
export function erpMessageEchoKey(erpTicketId: number, text: string): string {
  return `erp-msg:${erpTicketId}:${messageFingerprint(text)}`;
}
