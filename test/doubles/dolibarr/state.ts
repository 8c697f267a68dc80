/** In-memory Dolibarr database of the double. Values are native JS types; serializers give them Dolibarr's JSON types. */
export type Extra = Record<string, string | number | null>;

export interface ThirdParty {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  client: number;
  code_client: string | null;
  status: number;
  town: string | null;
  datec: number;
}
export interface Contact {
  id: number;
  socid: number | null;
  lastname: string;
  firstname: string | null;
  email: string | null;
  phone_pro: string | null;
  phone_mobile: string | null;
  statut: number;
  datec: number;
}
export interface User {
  id: number;
  login: string;
  email: string | null;
  firstname: string | null;
  lastname: string | null;
  statut: number;
  admin: number;
  datec: number;
}
export interface Product {
  id: number;
  ref: string;
  label: string;
  description: string | null;
  type: number;
  price: number;
  tva_tx: number;
  status: number;
  duration_value: number | null;
  duration_unit: string | null;
  datec: number;
}
interface ContractLine {
  id: number;
  fk_product: number | null;
  desc: string | null;
  qty: number;
  subprice: number;
  tva_tx: number;
  statut: number;
  date_start: number | null;
  date_end: number | null;
  date_start_real: number | null;
  date_end_real: number | null;
}
export interface Contract {
  id: number;
  ref: string;
  socid: number;
  statut: number;
  date_contrat: number | null;
  ref_customer: string | null;
  datec: number;
  lines: ContractLine[];
  array_options?: Extra;
}
export interface Ticket {
  id: number;
  ref: string;
  track_id: string;
  subject: string;
  message: string;
  fk_statut: number;
  type_code: string | null;
  category_code: string | null;
  severity_code: string | null;
  fk_soc: number | null;
  fk_project: number | null;
  fk_contract: number | null;
  origin_email: string | null;
  fk_user_create: number;
  fk_user_assign: number | null;
  progress: number;
  datec: number;
  tms: number;
  date_read: number | null;
  date_close: number | null;
  array_options: Extra;
  note_private: string | null;
  note_public: string | null;
}
export interface AgendaEvent {
  id: number;
  code: string;
  type_code: string;
  label: string;
  note_private: string | null;
  elementtype: string | null;
  elementid: number | null;
  userownerid: number;
  authorid: number;
  socid: number | null;
  datep: number;
  datef: number | null;
  datec: number;
  percentage: number;
  email_from?: string | null;
  fk_contact?: number | null;
}
interface InterventionLine {
  id: number;
  desc: string;
  date: number;
  duration: number;
  rang: number;
}
export interface Intervention {
  id: number;
  ref: string;
  socid: number;
  fk_project: number;
  fk_contrat: number | null;
  description: string;
  ref_client: string | null;
  note_public: string | null;
  note_private: string | null;
  statut: number;
  datec: number;
  datev: number | null;
  datem: number;
  array_options: Extra;
  lines: InterventionLine[];
}
export interface DocLine {
  id: number;
  fk_product: number | null;
  desc: string | null;
  label: string | null;
  qty: number;
  subprice: number;
  tva_tx: number;
  product_type: number;
  remise_percent: number;
  date_start?: number | null;
  date_end?: number | null;
}
export interface Proposal {
  id: number;
  ref: string;
  socid: number;
  statut: number;
  date: number;
  duree_validite: number;
  ref_client: string | null;
  note_public: string | null;
  note_private: string | null;
  datec: number;
  datev: number | null;
  date_signature: number | null;
  datem: number;
  lines: DocLine[];
}
export interface Invoice {
  id: number;
  ref: string;
  socid: number;
  type: number;
  statut: number;
  date: number;
  ref_client: string | null;
  note_private: string | null;
  note_public: string | null;
  datec: number;
  datev: number | null;
  datem: number;
  lines: DocLine[];
}
/** A row of llx_element_element. */
export interface ObjectLink {
  id: number;
  sourcetype: string;
  fk_source: number;
  targettype: string;
  fk_target: number;
}
export interface StoredDocument {
  name: string;
  content: string;
  size: number;
  date: number;
}
export interface ExtrafieldDef {
  id: number;
  elementtype: string;
  attrname: string;
  label: string;
  type: string;
  size: string;
  pos: number;
  list?: string;
  param?: unknown;
}

/** An e-mail Dolibarr would have sent (it has no mail server here): who to, and why. */
interface SentEmail {
  to: string;
  reason: 'ticket created';
  ticketRef: string;
}

export interface DoubleState {
  thirdparties: ThirdParty[];
  contacts: Contact[];
  users: User[];
  products: Product[];
  contracts: Contract[];
  tickets: Ticket[];
  events: AgendaEvent[];
  interventions: Intervention[];
  proposals: Proposal[];
  invoices: Invoice[];
  links: ObjectLink[];
  documents: Record<number, StoredDocument[]>;
  extrafields: ExtrafieldDef[];
  emails: SentEmail[];
  seq: Record<string, number>;
}

/** The API user (id 1) that the configured key authenticates as, as on the recorded instance. */
export const API_USER_ID = 1;

export function emptyState(): DoubleState {
  const now = nowTs();
  return {
    thirdparties: [],
    contacts: [],
    products: [],
    contracts: [],
    tickets: [],
    events: [],
    interventions: [],
    proposals: [],
    invoices: [],
    links: [],
    documents: {},
    extrafields: [],
    emails: [],
    users: [
      { id: API_USER_ID, login: 'admin', email: 'admin@example.test', firstname: 'Admin', lastname: 'SuperAdmin', statut: 1, admin: 1, datec: now },
    ],
    seq: { users: 1 },
  };
}

export function nextId(state: DoubleState, table: string): number {
  state.seq[table] = (state.seq[table] ?? 0) + 1;
  return state.seq[table];
}

/** Keeps explicit seeded ids and the sequence consistent. */
export function claimId(state: DoubleState, table: string, wanted?: number): number {
  if (wanted === undefined) return nextId(state, table);
  state.seq[table] = Math.max(state.seq[table] ?? 0, wanted);
  return wanted;
}

export const nowTs = (): number => Math.floor(Date.now() / 1000);

/** Links in both directions, as Dolibarr's fetchObjectLinked reads them. */
export function linksOf(state: DoubleState, element: string, id: number): ObjectLink[] {
  return state.links.filter((l) => (l.targettype === element && l.fk_target === id) || (l.sourcetype === element && l.fk_source === id));
}

export function addLink(state: DoubleState, sourcetype: string, fkSource: number, targettype: string, fkTarget: number): ObjectLink {
  const link = { id: nextId(state, 'links'), sourcetype, fk_source: fkSource, targettype, fk_target: fkTarget };
  state.links.push(link);
  return link;
}

export function userName(state: DoubleState, id: number | null): string | null {
  const u = state.users.find((x) => x.id === id);
  return u ? [u.firstname, u.lastname].filter(Boolean).join(' ') : null;
}

/** yymm of the period counters in refs (TS2611-0002, FI2611-0001...). */
export function refPeriod(ts: number): string {
  const d = new Date(ts * 1000);
  return `${String(d.getUTCFullYear()).slice(2)}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
