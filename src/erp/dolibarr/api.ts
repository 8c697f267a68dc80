import type {
  DolAgendaEvent,
  DolContact,
  DolContract,
  DolDictionaryEntry,
  DolDocument,
  DolExtrafieldDef,
  DolIntervention,
  DolInvoice,
  DolModuleState,
  DolProduct,
  DolProposal,
  DolStatus,
  DolThirdParty,
  DolTicket,
  DolUser,
  Extrafields,
} from './types';

/** Input of ticket create. `ref` and `trackId` are always the bridge's own (auto refs collide). */
export interface NewTicket {
  ref: string;
  trackId: string;
  subject: string;
  message: string;
  typeCode?: string;
  categoryCode?: string;
  severityCode?: string;
  socid?: number;
  contractId?: number;
  originEmail?: string;
  userAssignId?: number;
  status?: number;
  extrafields?: Extrafields;
}

export interface TicketUpdate {
  subject?: string;
  message?: string;
  status?: number;
  typeCode?: string;
  categoryCode?: string;
  severityCode?: string;
  socid?: number;
  contractId?: number;
  userAssignId?: number;
  progress?: number;
  extrafields?: Extrafields;
}

export interface TicketListFilter {
  socid?: number;
  modifiedSince?: Date;
  statuses?: number[];
  contractId?: number;
  originEmail?: string;
  /** Ticket extrafield equality, e.g. { helpdesk_source: 'znuny' }. */
  extrafields?: Record<string, string>;
  /** Ref prefix (LIKE 'HD-%', wildcards in the prefix are matched literally). */
  refPrefix?: string;
  sortField?: 'rowid' | 'tms' | 'datec';
  pageSize?: number;
}

export interface NewIntervention {
  socid: number;
  description: string;
  contractId?: number;
  projectId?: number;
  /** Links the intervention to the ticket (origin/origin_id). */
  ticketId?: number;
  refClient?: string;
  notePrivate?: string;
  extrafields?: Extrafields;
}

export interface NewInterventionLine {
  description: string;
  date: Date;
  durationSeconds: number;
}

export interface InterventionListFilter {
  socids?: number[];
  /** Changed at or after this time (`tms`, compared in UTC like tickets). */
  modifiedSince?: Date;
  contractId?: number;
  statuses?: number[];
  extrafields?: Record<string, string>;
  pageSize?: number;
}

export interface NewProposal {
  socid: number;
  date: Date;
  validityDays: number;
  ticketIds?: number[];
  refClient?: string;
  notePublic?: string;
  notePrivate?: string;
}

export interface NewDocumentLine {
  productId?: number;
  description: string;
  qty: number;
  unitPrice: number;
  vatRate: number;
  /** 0 product, 1 service. */
  productType: number;
}

export interface NewInvoice {
  socid: number;
  date: Date;
  refClient?: string;
  lines: NewDocumentLine[];
  /** element type → ids, e.g. { fichinter: [1, 2], ticket: [3] }. */
  linkedObjects?: Record<string, number[]>;
  notePrivate?: string;
}

export interface NewThirdParty {
  name: string;
  email?: string;
  phone?: string;
  /** 1 customer, 2 prospect. */
  client: 1 | 2;
  countryId?: number;
}

export interface NewContact {
  socid: number;
  lastname: string;
  firstname?: string;
  email?: string;
  phonePro?: string;
  phoneMobile?: string;
}

export interface NewTicketMessage {
  ticketId: number;
  /** The ticket's third party and subject: Dolibarr's own messages carry them (event's company and label). */
  socid: number | null;
  subject: string;
  text: string;
  isPrivate: boolean;
}

export interface NewAgendaEvent {
  label: string;
  note: string;
  typeCode: string;
  userOwnerId: number;
  ticketId?: number;
  socid?: number;
  datep: Date;
}

export interface NewExtrafield {
  attrname: string;
  label: string;
  type: 'varchar' | 'int' | 'double' | 'date' | 'datetime' | 'boolean' | 'text';
  size?: number;
  position?: number;
}

/**
 * One typed function per Dolibarr REST endpoint the bridge uses.
 * Lists are async iterators over all pages. Lookups that may find nothing return null.
 */
export interface DolibarrApi {
  status(): Promise<DolStatus>;
  enabledModules(): Promise<DolModuleState>;

  getThirdParty(id: number): Promise<DolThirdParty | null>;
  findThirdPartiesByEmail(email: string): Promise<DolThirdParty[]>;
  /** Normalises the phone as Dolibarr does on save (spaces and dots removed). */
  findThirdPartiesByPhone(phone: string): Promise<DolThirdParty[]>;
  /** Third parties whose e-mail ends with "@domain". */
  findThirdPartiesByEmailDomain(domain: string): Promise<DolThirdParty[]>;
  createThirdParty(input: NewThirdParty): Promise<number>;

  findContactsByEmail(email: string): Promise<DolContact[]>;
  findContactsByPhone(phone: string): Promise<DolContact[]>;
  createContact(input: NewContact): Promise<number>;

  findUserByEmail(email: string): Promise<DolUser | null>;
  findUserByLogin(login: string): Promise<DolUser | null>;
  listUsers(): AsyncIterable<DolUser>;

  getProductByRef(ref: string): Promise<DolProduct | null>;

  listContracts(socid: number): Promise<DolContract[]>;
  getContract(id: number): Promise<DolContract | null>;

  createTicket(input: NewTicket): Promise<DolTicket>;
  getTicket(id: number): Promise<DolTicket | null>;
  getTicketByRef(ref: string): Promise<DolTicket | null>;
  getTicketByTrackId(trackId: string): Promise<DolTicket | null>;
  listTickets(filter?: TicketListFilter): AsyncIterable<DolTicket>;
  updateTicket(id: number, update: TicketUpdate): Promise<DolTicket>;
  /** Posts a message on a ticket and answers its id (the agenda event); the author is the API user. */
  createTicketMessage(input: NewTicketMessage): Promise<number>;
  deleteTicket(id: number): Promise<void>;
  /** Real messages only (agenda events TICKET_MSG / TICKET_MSG_PRIVATE), oldest first. */
  listTicketMessages(ticketId: number): Promise<DolAgendaEvent[]>;
  /** Real messages of all tickets, created at or after a time (oldest id first). */
  listTicketMessagesSince(since: Date): AsyncIterable<DolAgendaEvent>;

  createIntervention(input: NewIntervention): Promise<number>;
  addInterventionLine(interventionId: number, line: NewInterventionLine): Promise<number>;
  /** Draft interventions only. A line that is not (or no longer) on the intervention is NotFoundError. */
  deleteInterventionLine(interventionId: number, lineId: number): Promise<void>;
  validateIntervention(id: number): Promise<void>;
  /** Already closed counts as success. */
  closeIntervention(id: number): Promise<void>;
  reopenIntervention(id: number): Promise<void>;
  getIntervention(id: number): Promise<DolIntervention | null>;
  listInterventions(filter: InterventionListFilter): AsyncIterable<DolIntervention>;
  /** Interventions linked to a ticket, including those created by hand in Dolibarr. */
  listInterventionsForTicket(ticketId: number, socid: number): Promise<DolIntervention[]>;
  setInterventionExtrafields(id: number, values: Extrafields): Promise<void>;

  createProposal(input: NewProposal): Promise<number>;
  addProposalLines(proposalId: number, lines: NewDocumentLine[]): Promise<void>;
  validateProposal(id: number): Promise<void>;
  /** 2 signed, 3 refused. Already closed the same way is success; closed the other way is InvalidRequestError. */
  closeProposal(id: number, status: 2 | 3, note?: string): Promise<void>;
  getProposal(id: number): Promise<DolProposal | null>;
  /** Proposals modified at or after a time, with their links (signed or refused ones the webhook may have lost). */
  listProposalsModifiedSince(since: Date): AsyncIterable<DolProposal>;

  createInvoice(input: NewInvoice): Promise<number>;
  validateInvoice(id: number): Promise<void>;
  getInvoice(id: number): Promise<DolInvoice | null>;

  uploadTicketDocument(ticketId: number, filename: string, content: Buffer, overwrite?: boolean): Promise<string>;
  listTicketDocuments(ticketId: number): Promise<DolDocument[]>;

  ticketTypes(): Promise<DolDictionaryEntry[]>;
  ticketCategories(): Promise<DolDictionaryEntry[]>;
  ticketSeverities(): Promise<DolDictionaryEntry[]>;

  listExtrafields(elementType: 'ticket' | 'fichinter'): Promise<DolExtrafieldDef[]>;
  createExtrafield(elementType: 'ticket' | 'fichinter', def: NewExtrafield): Promise<void>;

  createAgendaEvent(input: NewAgendaEvent): Promise<number>;
}
