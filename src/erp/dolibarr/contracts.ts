import { z } from 'zod';
import type { DolibarrCore } from './core';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { actionResult, toArrayOptions } from './schema-primitives';
import { contractSchema } from './schemas';
import type { DolContract, Extrafields } from './types';

/** Contracts of a customer, with their service lines (what covers a ticket). */

export function listContracts(core: DolibarrCore, socid: number): Promise<DolContract[]> {
  return collect(
    core.list(
      { method: 'GET', path: '/contracts', query: { thirdparty_ids: socid, withLines: 'true' }, schema: z.array(contractSchema) },
      DEFAULT_PAGE_SIZE,
    ),
  );
}

export function getContract(core: DolibarrCore, id: number): Promise<DolContract | null> {
  return core.find({ method: 'GET', path: `/contracts/${id}`, schema: contractSchema });
}

/** The contract's own extrafields (the hours it shows); its lines and status are left alone. */
export async function setContractExtrafields(core: DolibarrCore, id: number, values: Extrafields): Promise<void> {
  await core.get({
    method: 'PUT',
    path: `/contracts/${id}`,
    body: { array_options: toArrayOptions(values), caller: core.caller },
    schema: actionResult,
  });
}
