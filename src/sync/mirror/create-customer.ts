import type { CustomerInput, CustomerResolution } from '../rules/customer';
import type { CustomerDeps } from './customer-deps';
import { normalisePhone, parsePhonePseudoAddress } from '../rules/phone';

/**
 * The "create" rule for unknown customers: a prospect third party (client 2) and its contact.
 * A phone pseudo-address is not a real mailbox, so it is stored as a phone, not as an e-mail.
 */
export async function createCustomer(c: CustomerInput, deps: CustomerDeps): Promise<Extract<CustomerResolution, { kind: 'created' }>> {
  const pseudo = c.email ? parsePhonePseudoAddress(c.email) : null;
  const email = pseudo ? undefined : c.email;
  const rawPhone = pseudo?.phone ?? c.phone;
  const phone = rawPhone ? (normalisePhone(rawPhone, deps.config.defaultCountry)?.e164 ?? rawPhone) : undefined;
  const label = c.name ?? email?.split('@')[0] ?? phone ?? 'Unknown';

  const socid = await deps.erp.createThirdParty({ name: c.company ?? c.name ?? email ?? phone ?? 'Unknown', email, phone, client: 2 });
  const { firstname, lastname } = splitName(label);
  const contactId = await deps.erp.createContact({ socid, lastname, firstname, email, phonePro: phone });
  return { kind: 'created', socid, contactId };
}

/** "Marie Durand" → Marie / Durand; a single word is the last name. */
function splitName(full: string): { firstname?: string; lastname: string } {
  const parts = full.trim().split(/\s+/);
  if (parts.length < 2) return { lastname: full.trim() };
  return { firstname: parts.slice(0, -1).join(' '), lastname: parts[parts.length - 1] };
}
