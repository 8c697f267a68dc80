import type {
  DolAgendaEvent,
  DolContact,
  DolContract,
  DolDictionaryEntry,
  DolDocument,
  DolDownloadedDocument,
  TicketDocumentUpload,
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
  /** What Dolibarr's own close and read write with those statuses (see statusSideFields). */
  progress?: number;
  closedAt?: Date | null;
  readAt?: Date | null;
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
  /** null clears it (a reopened ticket). Dolibarr's own close sets it with progress 100. */
  closedAt?: Date | null;
  readAt?: Date | null;
  /** null clears it: a non-empty origin_email makes the card say "Created from Public portal". */
  originEmail?: string | null;
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
  /** Shown on the card next to the product ref (the description only shows in a tooltip there). */
  label?: string;
  description: string;
  qty: number;
  unitPrice: number;
  vatRate: number;
  /** 0 product, 1 service. */
  productType: number;
  /** A service's period, shown under the line. */
  dateStart?: Date;
  dateEnd?: Date;
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

/**
 * A ticket message written as an agenda event (what POST /tickets/newmessage does inside Dolibarr),
 * so that its title (label) names the author and the author is shown as Dolibarr shows it.
 */
export interface NewTicketMessage {
  ticketId: number;
  socid?: number;
  /** The event's title in Dolibarr's lists. */
  label: string;
  text: string;
  private: boolean;
  /**
   * Dolibarr user shown as author; 0 for a customer (then emailFrom names them, like a public-portal message).
   * Absent: the API user, read once per client.
   */
  authorUserId?: number;
  emailFrom?: string;
  contactId?: number;
  /** When the message was written; absent: now. */
  date?: Date;
}

/** Element types the bridge defines extrafields on (Dolibarr's names). */
export type ExtrafieldElement = 'ticket' | 'fichinter' | 'contrat';

export interface NewExtrafield {
  attrname: string;
  label: string;
  /** html: shown as HTML (a link); link: an id shown as that object's ref with its link; duration: seconds shown as h:mm. */
  type: 'varchar' | 'int' | 'double' | 'date' | 'datetime' | 'boolean' | 'text' | 'html' | 'url' | 'duration' | 'link';
  size?: number;
  position?: number;
  /**
   * Dolibarr's "list" (visibility) setting: 0 hidden from users (still in the API), 1 everywhere,
   * 5 on the card and lists but not editable. Default 1.
   */
  visibility?: 0 | 1 | 2 | 3 | 4 | 5;
  /** For type link: "Class:path/to/class.php" of the linked object. */
  linkTo?: string;
}

export interface DraftInvoiceFilter {
  socid: number;
  refClient: string;
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

  getProductByRef(ref: string): Promise<DolProduct | null>;

  listContracts(socid: number): Promise<DolContract[]>;
  getContract(id: number): Promise<DolContract | null>;
  setContractExtrafields(id: number, values: Extrafields): Promise<void>;

  createTicket(input: NewTicket): Promise<DolTicket>;
  getTicket(id: number): Promise<DolTicket | null>;
  getTicketByRef(ref: string): Promise<DolTicket | null>;
  getTicketByTrackId(trackId: string): Promise<DolTicket | null>;
  listTickets(filter?: TicketListFilter): AsyncIterable<DolTicket>;
  updateTicket(id: number, update: TicketUpdate): Promise<DolTicket>;
  /** Posts a message on a ticket and answers its id (the agenda event). */
  postTicketMessage(input: NewTicketMessage): Promise<number>;
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
  getIntervention(id: number): Promise<DolIntervention | null>;
  listInterventions(filter: InterventionListFilter): AsyncIterable<DolIntervention>;
  /** Interventions linked to a ticket, including those created by hand in Dolibarr. */
  listInterventionsForTicket(ticketId: number, socid: number): Promise<DolIntervention[]>;
  setInterventionExtrafields(id: number, values: Extrafields): Promise<void>;

  createProposal(input: NewProposal): Promise<number>;
  addProposalLines(proposalId: number, lines: NewDocumentLine[]): Promise<void>;
  validateProposal(id: number): Promise<void>;
  getProposal(id: number): Promise<DolProposal | null>;
  /** Proposals modified at or after a time, with their links (signed or refused ones the webhook may have lost). */
  listProposalsModifiedSince(since: Date): AsyncIterable<DolProposal>;

  createInvoice(input: NewInvoice): Promise<number>;
  /** The customer's draft invoice with this customer ref (the billing period's), or null. */
  findDraftInvoice(filter: DraftInvoiceFilter): Promise<DolInvoice | null>;
  /** Draft invoices only; returns the line id. */
  addInvoiceLine(invoiceId: number, line: NewDocumentLine): Promise<number>;
  getInvoice(id: number): Promise<DolInvoice | null>;

  /** Returns the name Dolibarr stored (it sanitises names). */
  uploadTicketDocument(ticketId: number, file: TicketDocumentUpload): Promise<string>;
  listTicketDocuments(ticket: number | { ref: string }): Promise<DolDocument[]>;
  /** Null when the file is gone; FileTooLargeError when bigger than `maxBytes`. */
  downloadTicketDocument(ticketRef: string, filename: string, maxBytes: number): Promise<DolDownloadedDocument | null>;

  ticketTypes(): Promise<DolDictionaryEntry[]>;
  ticketCategories(): Promise<DolDictionaryEntry[]>;
  ticketSeverities(): Promise<DolDictionaryEntry[]>;

  listExtrafields(elementType: ExtrafieldElement): Promise<DolExtrafieldDef[]>;
  createExtrafield(elementType: ExtrafieldElement, def: NewExtrafield): Promise<void>;
  /** Rewrites an existing definition (label, type, visibility); the column keeps its values. */
  updateExtrafield(elementType: ExtrafieldElement, def: NewExtrafield): Promise<void>;
}
