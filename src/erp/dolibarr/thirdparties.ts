import { z } from 'zod';
import type { NewThirdParty } from './api';
import type { DolibarrCore } from './core';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { segment } from './path';
import { createdId } from './schema-primitives';
import { thirdPartySchema } from './schemas';
import { firstWayAllowed, oneByEmailPath } from './email-lookup';
import { buildSqlFilters, type Condition, isFilterSafe } from './sqlfilters';
import type { DolThirdParty } from './types';
import { normalizeThirdPartyPhone } from './phone-match';

/** Third parties: the customer lookups of the bridge. */

// Third parties answer 404 for an empty list, not [].
function listThirdParties(core: DolibarrCore, conditions: Condition[]): Promise<DolThirdParty[]> {
  const sqlfilters = buildSqlFilters(conditions, '/thirdparties');
  return collect(
    core.list({ method: 'GET', path: '/thirdparties', query: { sqlfilters }, schema: z.array(thirdPartySchema) }, DEFAULT_PAGE_SIZE, true),
  );
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
    body: {
      name: input.name,
      email: input.email,
      phone: input.phone,
      client: input.client,
      code_client: '-1',
      country_id: input.countryId,
      caller: core.caller,
    },
    schema: createdId,
  });
}
