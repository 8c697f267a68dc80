import type { NewTicketMessage, TicketUpdate } from '../../erp/dolibarr/api';
import type { DolTicket, Extrafields } from '../../erp/dolibarr/types';
import type { Article, HelpdeskTicket } from '../../plugin-sdk';
import { ERP_EXTRAFIELDS, readExtrafield } from './erp-extrafields';
import { helpdeskTicketLabel, helpdeskTicketUrl, messageAuthor, messageTitle, requesterText } from './erp-display';

const T = ERP_EXTRAFIELDS.ticket;

export interface TicketCardInput {
  helpdeskId: string;
  ticket: Pick<HelpdeskTicket, 'id' | 'number' | 'customer'>;
  /** The helpdesk's `ticketUrl` template. */
  ticketUrl?: string;
  /** The requester's Dolibarr contact and the covering contract, when known. */
  contactId?: number;
  contractId?: number;
  defaultCountry: string;
}

/**
 * The extrafields that say, on the ERP ticket card, where the ticket came from and who asked: the helpdesk
 * number people quote and its link, the requester (a phone caller as a phone number), the customer contact and
 * the support contract as links. The machine keys (helpdeskId, internal id) stay hidden.
 */
export function ticketCardExtrafields(input: TicketCardInput): Extrafields {
  const values: Extrafields = {
    [T.helpdesk]: input.helpdeskId,
    [T.helpdeskTicketId]: input.ticket.id,
    [T.helpdeskTicket]: helpdeskTicketLabel(input.helpdeskId, input.ticket.number),
    [T.requester]: requesterText(input.ticket.customer, input.defaultCountry) ?? null,
  };
  const url = helpdeskTicketUrl(input.ticketUrl, input.ticket);
  if (url) values[T.helpdeskUrl] = url;
  if (input.contactId !== undefined) values[T.contact] = input.contactId;
  if (input.contractId !== undefined) values[T.contract] = input.contractId;
  return values;
}

/**
 * What to write so an existing ERP ticket reads as `desired`: the extrafields that differ, and no origin
 * e-mail (tickets mirrored by earlier versions say "Created from Public portal" because of it).
 */
export function ticketCardUpdate(erp: Pick<DolTicket, 'extrafields' | 'originEmail'>, desired: Extrafields): TicketUpdate {
  const changed: Extrafields = {};
  for (const [name, value] of Object.entries(desired)) {
    const want = value === null || value === undefined ? null : String(value);
    if (readExtrafield(erp.extrafields, name) !== want) changed[name] = value;
  }
  const update: TicketUpdate = {};
  if (Object.keys(changed).length) update.extrafields = changed;
  if (erp.originEmail) update.originEmail = null;
  return update;
}

export interface MessageInput {
  ticketId: number;
  socid?: number;
  article: Pick<Article, 'author' | 'body' | 'internal' | 'createdAt'>;
  customer: HelpdeskTicket['customer'];
  /** The requester's Dolibarr contact, shown as the author of the customer's messages. */
  contactId?: number;
  text: string;
  defaultCountry: string;
}

/**
 * A helpdesk article as a Dolibarr ticket message whose title names its author and says whether it is an
 * internal note. A customer's message is recorded as Dolibarr records a public-portal one (no user, the
 * sender's address), so Dolibarr shows the customer, not the API user, as its author.
 */
export function ticketMessageFor(input: MessageInput): NewTicketMessage {
  const author = messageAuthor(input.article.author, input.customer, input.defaultCountry);
  const fromCustomer = author.isCustomer && !input.article.internal;
  return {
    ticketId: input.ticketId,
    socid: input.socid,
    label: messageTitle(author, input.article.internal),
    text: input.text,
    private: input.article.internal,
    // A support-team message is the bridge's own (the API user): finding the agent's Dolibarr user would cost
    // a Dolibarr call per message.
    ...(fromCustomer ? { authorUserId: 0 } : {}),
    emailFrom: fromCustomer ? (author.customerEmail ?? author.name) : undefined,
    contactId: fromCustomer ? input.contactId : undefined,
    date: input.article.createdAt,
  };
}
