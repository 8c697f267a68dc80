import type { Logger } from '../../logging/logger';
import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { HelpdeskAdapter } from '../../plugin-sdk';
import type { MappingConfig, SyncConfig } from '../../config/schema';
import type { RulesConfig } from '../../config/rules-schema';
import type {
  AccountCacheControl,
  DurationMemory,
  EchoMarkers,
  ErpStatusMemory,
  ErpTicketMemory,
  FileLinks,
  HelpdeskStateMemory,
  LastNoteMemory,
  LinkStore,
  OnceStore,
  Outbox,
  PollCursors,
  SnapshotStore,
  TicketKey,
} from '../ports';
import type { ErpChange } from '../erp-change';
import type { MirrorStep } from '../mirror/mirror-context';
import type { AccountResolver } from '../mirror/account';
import type { ErpTicketFilter } from '../rules/erp-ticket-routing';
import type { DevEscalationWiring } from '../develop/wiring';

/** Per helpdesk id: which tickets opened in Dolibarr it takes, and the customer for those without one. */
export type ErpTicketIntake = ErpTicketFilter & { defaultCustomer?: string };

/** How sync asks for more work (mirror, reflect, deliver, raise a quote); src/jobs implements it on BullMQ. */
export interface Scheduler {
  mirrorTicket(key: TicketKey): Promise<void>;
  reflectErp(change: ErpChange): Promise<void>;
  deliverUpdate(key: TicketKey, eventId: string): Promise<void>;
  raiseQuote(key: TicketKey, requestId: string): Promise<void>;
  /** Escalate the ticket to the development tracker (`dev-escalate`). */
  devEscalate(key: TicketKey): Promise<void>;
  /** Follow the ticket's development issue (`dev-issue-check`). */
  checkDevIssue(key: TicketKey): Promise<void>;
}

export interface EngineDeps {
  erp: DolibarrApi;
  links: LinkStore;
  pollCursors: PollCursors;
  erpStatus: ErpStatusMemory;
  helpdeskState: HelpdeskStateMemory;
  durations: DurationMemory;
  lastNotes: LastNoteMemory;
  echo: EchoMarkers;
  once: OnceStore;
  snapshots: SnapshotStore;
  outbox: Outbox;
  /** ERP tickets as last written or read: a mirror run reads the ERP ticket only when it is not known. */
  erpTickets: ErpTicketMemory;
  /** Cached customer and contract look-ups, dropped when the ERP reports a change to accounts. */
  accountCaches: AccountCacheControl;
  scheduler: Scheduler;
  adapters: ReadonlyMap<string, HelpdeskAdapter>;
  /** helpdesks.<id>.erpTickets: helpdesks absent here take no ticket opened in Dolibarr. */
  erpTicketIntake: ReadonlyMap<string, ErpTicketIntake>;
  mapping: MappingConfig;
  sync: SyncConfig;
  rules: RulesConfig;
  /** Per helpdesk id, the `ticketUrl` template that links the ERP ticket card to the helpdesk ticket. */
  ticketUrls?: Readonly<Record<string, string | undefined>>;
  /** Signed links to ERP documents, for helpdesks that take files as links; absent when not configured. */
  fileLinks?: FileLinks;
  /** Finds the third party and contract of a helpdesk ticket. */
  resolveAccount: AccountResolver;
  /** Steps run after the ticket, its fields and its messages are mirrored (customer, contract, interventions...). */
  steps: MirrorStep[];
  /** Escalation of bugs to the development tracker; absent when `devEscalation` is off. */
  devEscalation?: DevEscalationWiring;
  logger: Logger;
  now(): Date;
}
