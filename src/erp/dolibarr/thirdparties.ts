import { z } from 'zod';
import type { NewContact, NewThirdParty } from './api';
import type { DolibarrCore } from './core';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { segment } from './path';
import { createdId } from './schema-primitives';
import { contactSchema, thirdPartySchema } from './schemas';
import { RefusedValueError } from './firewall';
import { buildSqlFilters, type Condition, isFilterSafe } from './sqlfilters';
import type { DolContact, DolThirdParty } from './types';

/** Third parties and their contacts: the customer lookups of the bridge. */

/** As Dolibarr stores a third-party phone: spaces and dots removed. */
export function normalizeThirdPartyPhone(phone: string): string {
  return phone.replace(/[\s.]/g, '');
}

const digits = (s: string | null): string => (s ?? '').replace(/\D/g, '');

/** Same number when the digits match, or the last 9 (national number) when an international prefix differs. */
export function samePhone(a: string | null, b: string): boolean {
  const x = digits(a);
  const y = digits(b);
  if (!x || !y) return false;
  if (x === y) return true;
  return x.length >= 9 && y.length >= 9 && x.slice(-9) === y.slice(-9);
}

// Third parties answer 404 for an empty list, not [].
function listThirdParties(core: DolibarrCore, conditions: Condition[]): Promise<DolThirdParty[]> {
  const sqlfilters = buildSqlFilters(conditions, '/thirdparties');
  return collect(core.list({ method: 'GET', path: '/thirdparties', query: { sqlfilters }, schema: z.array(thirdPartySchema) }, DEFAULT_PAGE_SIZE, true));
}

export function getThirdParty(core: DolibarrCore, id: number): Promise<DolThirdParty | null> {
  return core.find({ method: 'GET', path: `/thirdparties/${id}`, schema: thirdPartySchema });
}

/**
 * Exact e-mail: a sqlfilters search, or, for an address a filter cannot hold, /thirdparties/email/{email}.
 * An address neither way can carry (see firewall.ts) matches nothing.
 */
export function findThirdPartiesByEmail(core: DolibarrCore, email: string): Promise<DolThirdParty[]> {
  return firstWayAllowed(core, [
    () => listThirdParties(core, [{ field: 't.email', op: '=', value: email }]),
    () => oneByEmailPath(core, `/thirdparties/email/${segment(email)}`, email, thirdPartySchema),
  ]);
}

/**
 * Normalised exact match. A phone with parentheses ("+33 (0)1 ...") is searched by
 * LIKE on its longest safe tail, then compared exactly here.
 */
export async function findThirdPartiesByPhone(core: DolibarrCore, phone: string): Promise<DolThirdParty[]> {
  const wanted = normalizeThirdPartyPhone(phone);
  if (!wanted) return [];
  if (isFilterSafe(wanted)) return listThirdParties(core, [{ field: 't.phone', op: '=', value: wanted }]);
  const tail = wanted.split(/[()]/).pop() ?? '';
  if (!tail) return [];
  const found = await listThirdParties(core, [{ field: 't.phone', op: 'like', value: { endsWith: tail } }]);
  return found.filter((t) => t.phone === wanted);
}

/** LIKE '%@domain' with user wildcards neutralised, then an exact, case-insensitive suffix check. */
export async function findThirdPartiesByEmailDomain(core: DolibarrCore, domain: string): Promise<DolThirdParty[]> {
  const suffix = `@${domain.replace(/^@/, '')}`.toLowerCase();
  const found = await firstWayAllowed(core, [() => listThirdParties(core, [{ field: 't.email', op: 'like', value: { endsWith: suffix } }])]);
  return found.filter((t) => (t.email ?? '').toLowerCase().endsWith(suffix));
}

export function createThirdParty(core: DolibarrCore, input: NewThirdParty): Promise<number> {
  return core.get({
    method: 'POST',
    path: '/thirdparties',
    // code_client "-1": let Dolibarr number the customer code.
    body: { name: input.name, email: input.email, phone: input.phone, client: input.client, code_client: '-1', country_id: input.countryId, caller: core.caller },
    schema: createdId,
  });
}

export function findContactsByEmail(core: DolibarrCore, email: string): Promise<DolContact[]> {
  return firstWayAllowed(core, [
    () => {
      const sqlfilters = buildSqlFilters([{ field: 't.email', op: '=', value: email }], '/contacts');
      return collect(core.list({ method: 'GET', path: '/contacts', query: { sqlfilters }, schema: z.array(contactSchema) }, DEFAULT_PAGE_SIZE));
    },
    () => oneByEmailPath(core, `/contacts/email/${segment(email)}`, email, contactSchema),
  ]);
}

/** The e-mail endpoints validate `{email}` as PHP's FILTER_VALIDATE_EMAIL does (400 "Expecting email" otherwise). */
async function oneByEmailPath<T>(core: DolibarrCore, path: string, email: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): Promise<T[]> {
  if (!isPlainEmail(email)) throw new RefusedValueError('e-mail endpoint: not an address Dolibarr accepts as {email}', { method: 'GET', path: endpointOf(path) });
  const one = await core.find({ method: 'GET', path, schema });
  return one ? [one] : [];
}

/** Tries each way in turn while Dolibarr would refuse the value; refused by all → nothing matches. */
async function firstWayAllowed<T>(core: DolibarrCore, ways: Array<() => Promise<T[]>>): Promise<T[]> {
  let last: RefusedValueError | undefined;
  for (const way of ways) {
    try {
      return await way();
    } catch (err) {
      if (!(err instanceof RefusedValueError)) throw err;
      last = err;
    }
  }
  if (last) core.refused(last);
  return [];
}

// ASCII dot-atom local part and a dotted host name: what FILTER_VALIDATE_EMAIL accepts, narrowed.
const PLAIN_EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

function isPlainEmail(email: string): boolean {
  return email.length <= 254 && PLAIN_EMAIL.test(email);
}

function endpointOf(path: string): string {
  return path.replace(/\/email\/.*$/, '/email/{email}');
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
