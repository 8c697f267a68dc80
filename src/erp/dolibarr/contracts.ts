import { z } from 'zod';
import type { DolibarrCore } from './core';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { contractSchema } from './schemas';
import type { DolContract } from './types';

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
