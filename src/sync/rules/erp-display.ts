import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { parsePhonePseudoAddress } from './phone';

/**
 * How the bridge's values read to a Dolibarr user: helpdesk numbers and links, requesters, message
 * authors. Pure: the engine passes what it knows, and writes what these return.
 */

/** The helpdesk ticket's address from the helpdesk's `ticketUrl` template; undefined without a template. */
export function helpdeskTicketUrl(template: string | undefined, ticket: { id: string; number: string }): string | undefined {
  if (!template) return undefined;
  return template.replaceAll('{number}', encodeURIComponent(ticket.number)).replaceAll('{id}', encodeURIComponent(ticket.id));
}

/** "znuny #2026120410000012": the helpdesk and the number its users quote. */
export function helpdeskTicketLabel(helpdeskId: string, number: string): string {
  return `${helpdeskId} #${number}`;
}

/** A phone as people write it ("+33 1 23 45 67 89"); the input unchanged when it is not a phone number. */
function displayPhone(raw: string, defaultCountry: string): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry.toUpperCase() as CountryCode);
  return parsed?.isPossible() ? parsed.formatInternational() : raw.trim();
}

/** An address a user reads: a phone pseudo-address (`0123456789@logeas.fr`) becomes the phone number. */
export function displayAddress(address: string, defaultCountry: string): string {
  const pseudo = parsePhonePseudoAddress(address);
  return pseudo ? displayPhone(pseudo.phone, defaultCountry) : address.trim();
}

export interface Person {
  name?: string;
  email?: string;
  phone?: string;
}

/**
 * "Marie Durand (marie@acme.example)", "Jean Martin, +33 1 23 45 67 89", or whatever part is known. Not
 * "Name <address>": Dolibarr strips anything between angle brackets from text fields written through the API.
 */
export function requesterText(person: Person, defaultCountry: string): string | undefined {
  const address = person.email ? displayAddress(person.email, defaultCountry) : undefined;
  const phone = person.phone ? displayPhone(person.phone, defaultCountry) : undefined;
  const isPhoneAddress = !!person.email && parsePhonePseudoAddress(person.email) !== null;
  const contact = isPhoneAddress ? address : (address ?? phone);
  const name = person.name?.trim();
  if (name && contact) return isPhoneAddress || !person.email ? `${name}, ${contact}` : `${name} (${contact})`;
  return name || contact;
}

/** `"Marie Durand" <marie@acme.example>` → name and address; a bare address has no name. */
export function parseMailbox(from: string): { name?: string; address?: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (m) return { name: m[1].trim() || undefined, address: m[2].trim() };
  const bare = from.trim();
  return bare.includes('@') ? { address: bare } : { name: bare || undefined };
}

export interface MessageAuthor {
  /** Who wrote it, as users read it. */
  name: string;
  /** The ticket's customer wrote it (matched by address or name), so Dolibarr shows it as a customer's message. */
  isCustomer: boolean;
  /** A real e-mail address of the customer (not a phone pseudo-address), for Dolibarr's contact lookup. */
  customerEmail?: string;
}

/**
 * The author of a helpdesk article. Helpdesks give a From line (Znuny), a login (RT) or nothing; the
 * customer is recognised by their address or name, everyone else is the support team's.
 */
export function messageAuthor(author: string | undefined, customer: Person, defaultCountry: string): MessageAuthor {
  const mailbox = author ? parseMailbox(author) : {};
  const same = (a?: string, b?: string) => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
  const isCustomer =
    same(mailbox.address, customer.email) ||
    (!mailbox.address && same(mailbox.name, customer.name)) ||
    (!!mailbox.address && same(mailbox.address, customer.phone));
  const address = mailbox.address ? displayAddress(mailbox.address, defaultCountry) : undefined;
  const name = mailbox.name ?? (isCustomer ? customer.name : undefined) ?? address ?? (isCustomer ? 'Customer' : 'Support team');
  const realEmail = isCustomer && customer.email && !parsePhonePseudoAddress(customer.email) ? customer.email : undefined;
  return { name, isCustomer, customerEmail: realEmail };
}

/** The message's title in Dolibarr's lists: who wrote it, and whether it is an internal note. */
export function messageTitle(author: MessageAuthor, internal: boolean): string {
  return `${author.name} – ${internal ? 'internal note' : author.isCustomer ? 'customer message' : 'reply'}`;
}

/** Time as users say it: 5400 → "1 hour 30 minutes", 2700 → "45 minutes". */
export function durationInWords(seconds: number): string {
  const minutes = Math.max(0, Math.round(seconds / 60));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (h === 0) return part(m, 'minute');
  return m === 0 ? part(h, 'hour') : `${part(h, 'hour')} ${part(m, 'minute')}`;
}
