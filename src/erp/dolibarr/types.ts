/**
 * Domain types of the Dolibarr objects the bridge uses, as the client returns
 * them after parsing: numbers are numbers, dates are Date | null, ids are numbers.
 * Only the fields the bridge needs are kept; unknown keys are dropped.
 */
export type Extrafields = Record<string, string | number | null>;
/** Linked objects by element type ("ticket", "fichinter", "propal", "facture") → object ids. */
export type LinkedObjects = Record<string, number[]>;

export interface DolStatus {
  version: string;
  accessLocked: boolean;
}

export interface DolThirdParty {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  codeClient: string | null;
  /** 0 none, 1 customer, 2 prospect, 3 both. */
  client: number;
  status: number;
}

export interface DolContact {
  id: number;
  socid: number | null;
  firstname: string | null;
  lastname: string | null;
  email: string | null;
  phonePro: string | null;
  phoneMobile: string | null;
}

export interface DolUser {
  id: number;
  login: string;
  email: string | null;
  firstname: string | null;
  lastname: string | null;
  active: boolean;
}

export interface DolProduct {
  id: number;
  ref: string;
  label: string;
  /** 0 product, 1 service. */
  type: number;
  price: number;
  vatRate: number;
  /** "1h", "1y" ... as Dolibarr stores it. */
  duration: string | null;
}

export interface DolContractLine {
  id: number;
  productId: number | null;
  productRef: string | null;
  description: string | null;
  qty: number;
  unitPrice: number;
  /** 0 initial/draft, 4 running, 5 closed. */
  status: number;
  dateStart: Date | null;
  dateEnd: Date | null;
  dateStartReal: Date | null;
  dateEndReal: Date | null;
}

export interface DolContract {
  id: number;
  ref: string;
  socid: number;
  /** 0 draft, 1 validated, 2 closed. */
  status: number;
  dateContract: Date | null;
  lines: DolContractLine[];
  /** The contract's extrafields (a contract may name its service-level policy there). */
  extrafields: Extrafields;
}

interface DolTicketMessage {
  id: number;
  userId: number | null;
  userName: string | null;
  message: string;
  createdAt: Date | null;
  private: boolean;
}

export interface DolTicket {
  id: number;
  ref: string;
  trackId: string;
  subject: string;
  message: string;
  /** Ticket class constants: 0 not read, 1 read, 2 assigned, 3 in progress, 5 need info, 7 waiting, 8 closed, 9 canceled. */
  status: number;
  typeCode: string | null;
  categoryCode: string | null;
  severityCode: string | null;
  socid: number | null;
  contractId: number | null;
  projectId: number | null;
  originEmail: string | null;
  userAssignId: number | null;
  /** How it was opened: mail collector, public portal, or by a user (back office, API, script). */
  origin: 'email' | 'portal' | 'user';
  progress: number | null;
  createdAt: Date | null;
  modifiedAt: Date | null;
  closedAt: Date | null;
  /** When a user first read it (set by Dolibarr's "mark as read", or by the bridge on close). */
  readAt: Date | null;
  extrafields: Extrafields;
  /** Only on GET /tickets/{id}; includes automatic events. Use listTicketMessages for real messages. */
  messages?: DolTicketMessage[];
}

/** An agenda event (actioncomm); real ticket messages have code TICKET_MSG / TICKET_MSG_PRIVATE. */
export interface DolAgendaEvent {
  id: number;
  code: string | null;
  typeCode: string | null;
  label: string | null;
  note: string | null;
  elementType: string | null;
  elementId: number | null;
  userOwnerId: number | null;
  authorId: number | null;
  datep: Date | null;
  createdAt: Date | null;
}

export interface DolInterventionLine {
  id: number;
  description: string;
  date: Date | null;
  durationSeconds: number;
  rank: number;
}

export interface DolIntervention {
  id: number;
  ref: string;
  socid: number;
  contractId: number | null;
  projectId: number | null;
  /** 0 draft, 1 validated, 2 billed, 3 closed. */
  status: number;
  description: string | null;
  durationSeconds: number;
  modifiedAt: Date | null;
  lines: DolInterventionLine[];
  linkedObjects: LinkedObjects;
  extrafields: Extrafields;
}

interface DolProposalLine {
  id: number;
  productId: number | null;
  description: string | null;
  qty: number;
  unitPrice: number;
  vatRate: number;
}

export interface DolProposal {
  id: number;
  ref: string;
  socid: number;
  /** -1 canceled, 0 draft, 1 validated, 2 signed, 3 not signed, 4 billed. */
  status: number;
  totalHt: number;
  dateSignature: Date | null;
  /** Read by the ERP poll; absent where a proposal is built by hand. */
  modifiedAt?: Date | null;
  lines: DolProposalLine[];
  linkedObjects: LinkedObjects;
}

export interface DolInvoice {
  id: number;
  ref: string;
  socid: number;
  refClient: string | null;
  /** 0 draft, 1 validated, 2 paid, 3 abandoned. */
  status: number;
  totalHt: number;
  linkedObjects: LinkedObjects;
}

export interface DolDocument {
  name: string;
  relativeName: string;
  size: number;
  date: Date | null;
}

export interface DolDownloadedDocument {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface TicketDocumentUpload {
  filename: string;
  content: Buffer;
  /** Replace a document of the same name instead of failing with "already exists". */
  overwrite?: boolean;
}

export interface DolDictionaryEntry {
  rowid: number;
  code: string;
  label: string;
  useDefault: boolean;
  active: boolean;
}

export interface DolExtrafieldDef {
  elementType: string;
  attrname: string;
  label: string;
  type: string;
  /** Dolibarr's "list" setting as stored ("0" hidden, "1" everywhere, "5" view only...). */
  visibility: string | null;
  position: number | null;
}

export interface DolModuleState {
  /** Module names as Dolibarr lists them (lowercase: "ticket", "ficheinter"...). */
  enabled: string[];
  /** Modules whose state could not be checked (key without admin rights: state probed per endpoint). */
  unverified?: string[];
}
