import type { TicketKey } from '../../sync/ports';
import type { ReplaySelection } from '../../jobs/admin';
import type { OverviewView } from '../../admin-console/overview';
import type { FailureView } from '../../admin-console/failures';
import type { TicketLookup } from '../../admin-console/ticket-lookup';
import type { DictionariesView, MappingForm, SaveMappingResult } from '../../admin-console/dictionaries';
import type { CustomerContractsView } from '../../admin-console/contracts';

/** What the admin pages read and do; the service implements it on its runtime, tests may fake it. */
export interface AdminConsole {
  overview(): Promise<OverviewView>;
  failures(): Promise<FailureView[]>;
  replay(selection: ReplaySelection): Promise<number>;
  findTicket(query: string, key?: TicketKey): Promise<TicketLookup>;
  syncNow(key: TicketKey): Promise<void>;
  dictionaries(): Promise<DictionariesView>;
  saveMapping(form: MappingForm): Promise<SaveMappingResult>;
  contracts(): Promise<CustomerContractsView[]>;
}
