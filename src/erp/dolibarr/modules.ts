import { z } from 'zod';
import { ForbiddenError, NotFoundError, ServerError } from '../../plugin-sdk';
import type { DolibarrCore } from './core';
import { modulesSchema } from './schemas';
import type { DolModuleState } from './types';

/** A cheap list call per module the bridge needs, for keys that may not read /setup/modules. */
const PROBES: Record<string, string> = {
  societe: '/thirdparties',
  ticket: '/tickets',
  contrat: '/contracts',
  ficheinter: '/interventions',
  propal: '/proposals',
  facture: '/invoices',
  agenda: '/agendaevents',
};

/** Modules no endpoint can reveal to a non-admin key (the /webhook API answers 403 even to admins). */
const UNPROBEABLE = ['webhook'];

/**
 * GET /setup/modules lists enabled modules but is open to admin users only (403 otherwise).
 * Then each needed module is probed: a list call answering 2xx or 404 (empty) means enabled;
 * 403 (disabled module, or no right: unusable either way) or 501 (API class absent) means not.
 * `api` is enabled since an API answered at all.
 */
export async function enabledModules(core: DolibarrCore): Promise<DolModuleState> {
  try {
    return { enabled: await core.get({ method: 'GET', path: '/setup/modules', schema: modulesSchema }) };
  } catch (err) {
    if (!(err instanceof ForbiddenError) || err.status !== 403) throw err;
  }
  const enabled = ['api'];
  for (const [module, path] of Object.entries(PROBES)) {
    if (await probe(core, path)) enabled.push(module);
  }
  return { enabled, unverified: UNPROBEABLE };
}

async function probe(core: DolibarrCore, path: string): Promise<boolean> {
  try {
    await core.call({ method: 'GET', path, query: { limit: 1, properties: 'id' }, schema: z.unknown() });
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return true;
    if (err instanceof ForbiddenError) return false;
    if (err instanceof ServerError && err.status === 501) return false;
    throw err;
  }
}
