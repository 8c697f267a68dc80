import { z } from 'zod';
import type { NewContact } from './api';
import type { DolibarrCore } from './core';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { segment } from './path';
import { createdId } from './schema-primitives';
import { contactSchema } from './schemas';
import { buildSqlFilters, isFilterSafe } from './sqlfilters';
import type { DolContact } from './types';
import { digits, samePhone } from './phone-match';

/** Contacts of third parties: the customer lookups by person. */

export async function findContactsByEmail(core: DolibarrCore, email: string): Promise<DolContact[]> {
  if (!isFilterSafe(email)) {
    const one = await core.find({ method: 'GET', path: `/contacts/email/${segment(email)}`, schema: contactSchema });
    return one ? [one] : [];
  }
  const sqlfilters = buildSqlFilters([{ field: 't.email', op: '=', value: email }], '/contacts');
  return collect(core.list({ method: 'GET', path: '/contacts', query: { sqlfilters }, schema: z.array(contactSchema) }, DEFAULT_PAGE_SIZE));
}

/**
 * Contact phones are stored as typed (not normalised), so the digits are matched
 * with a LIKE that allows any separator ('%0%6%1%2...'), once per phone column
 * (sqlfilters "or" groups are not relied on), then compared here by digits.
 */
export async function findContactsByPhone(core: DolibarrCore, phone: string): Promise<DolContact[]> {
  const tail = digits(phone).slice(-9);
  if (tail.length < 4) return [];
  const byId = new Map<number, DolContact>();
  for (const field of ['t.phone', 't.phone_mobile']) {
    const sqlfilters = buildSqlFilters([{ field, op: 'like', value: { digitsEndWith: tail } }], '/contacts');
    for await (const c of core.list({ method: 'GET', path: '/contacts', query: { sqlfilters }, schema: z.array(contactSchema) }, DEFAULT_PAGE_SIZE)) {
      if (samePhone(c.phonePro, phone) || samePhone(c.phoneMobile, phone)) byId.set(c.id, c);
    }
  }
  return [...byId.values()];
}

export function createContact(core: DolibarrCore, input: NewContact): Promise<number> {
  return core.get({
    method: 'POST',
    path: '/contacts',
    body: {
      socid: input.socid,
      lastname: input.lastname,
      firstname: input.firstname,
      email: input.email,
      phone_pro: input.phonePro,
      phone_mobile: input.phoneMobile,
      caller: core.caller,
    },
    schema: createdId,
  });
}
