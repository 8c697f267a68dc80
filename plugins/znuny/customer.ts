import type { Customer } from '../../src/plugin-sdk';
import type { ZnunyTicket } from './schemas';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** `0612345678@acme.example`: Znuny accepts any e-mail-shaped string as a customer, so SMS/phone tickets use these. */
const PSEUDO_PHONE_LOCAL = /^\+?[0-9][0-9 .-]{4,}[0-9]$/;

/** "John Doe <john@acme.example>" → name and address; a bare address → address only. */
export function parseFrom(from: string): { name?: string; email?: string } {
  const angle = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (angle) return { name: angle[1].trim() || undefined, email: EMAIL.test(angle[2].trim()) ? angle[2].trim() : undefined };
  const bare = from.trim();
  return EMAIL.test(bare) ? { email: bare } : {};
}

/**
 * The customer: CustomerUserID when it is an address (Znuny keeps unknown customers that way),
 * else the first customer article's From; CustomerID is the company. A pseudo phone address is
 * kept as the e-mail (the rules recognise it) and its digits also go to `phone`.
 */
export function customerOf(ticket: ZnunyTicket): Customer {
  const firstCustomer = ticket.Article.find((a) => a.SenderType === 'customer') ?? ticket.Article[0];
  const from = firstCustomer ? parseFrom(firstCustomer.From) : {};
  const email = EMAIL.test(ticket.CustomerUserID) ? ticket.CustomerUserID : from.email;
  const customer: Customer = {};
  if (email) customer.email = email;
  if (from.name && (!from.email || from.email === email)) customer.name = from.name;
  if (ticket.CustomerID) customer.company = ticket.CustomerID;
  const local = email?.slice(0, email.indexOf('@'));
  if (local && PSEUDO_PHONE_LOCAL.test(local)) customer.phone = local.replace(/[^0-9+]/g, '');
  return customer;
}
