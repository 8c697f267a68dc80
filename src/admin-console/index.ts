import type { Runtime } from '../runtime';
import type { AdminConsole } from '../http/admin-ui/ports';
import { loadOverview } from './overview';
import { loadFailures, replayFailures } from './failures';
import { lookupTicket, syncTicketNow } from './ticket-lookup';
import { loadDictionaries, saveMapping } from './dictionaries';
import { loadContracts } from './contracts';

/** The admin pages' operations on the running service. */
export function createAdminConsole(rt: Runtime): AdminConsole {
  return {
    overview: () => loadOverview(rt),
    failures: () => loadFailures(rt),
    replay: (selection) => replayFailures(rt, selection),
    findTicket: (query, key) => lookupTicket(rt, query, key),
    syncNow: (key) => syncTicketNow(rt, key),
    dictionaries: () => loadDictionaries(rt),
    saveMapping: (form) => saveMapping(rt, form),
    contracts: () => loadContracts(rt),
  };
}
