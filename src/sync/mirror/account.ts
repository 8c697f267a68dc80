import type { HelpdeskTicket } from '../../plugin-sdk';
import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { TicketKey } from '../ports';
import type { NewUpdate } from '../shared/emit-update';

/** Who the ticket belongs to in the ERP, and which contract covers it. */
export interface Account {
  socid?: number;
  /** The requester's Dolibarr contact, when the customer was found through one. */
  contactId?: number;
  contractId?: number;
  /** What the helpdesk should be told about it (contract found, customer unknown...). */
  updates: NewUpdate[];
  /** A step Dolibarr failed for good: the account is partial and must be resolved again at the next change. */
  unresolved?: boolean;
}

export type AccountResolver = (ticket: HelpdeskTicket, key: TicketKey) => Promise<Account>;

/**
 * The basic rule: a third party only when the customer's e-mail matches exactly one,
 * through a contact or the third party's own e-mail. The support rules replace it.
 */
export function exactEmailAccount(erp: Pick<DolibarrApi, 'findContactsByEmail' | 'findThirdPartiesByEmail'>): AccountResolver {
  return async (ticket) => {
    const email = ticket.customer.email?.trim();
    if (!email) return { updates: [] };
    const contacts = await erp.findContactsByEmail(email);
    const viaContacts = new Set(contacts.map((c) => c.socid).filter((s): s is number => typeof s === 'number' && s > 0));
    if (viaContacts.size === 1) return { socid: [...viaContacts][0], updates: [] };
    if (viaContacts.size > 1) return { updates: [] };
    const thirdParties = await erp.findThirdPartiesByEmail(email);
    return thirdParties.length === 1 ? { socid: thirdParties[0].id, updates: [] } : { updates: [] };
  };
}
