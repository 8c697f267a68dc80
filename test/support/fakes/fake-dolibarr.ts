import type { CustomerApi } from '../../../src/sync/mirror/resolve-customer';
import type {
  DolibarrApi,
  DraftInvoiceFilter,
  ExtrafieldElement,
  InterventionListFilter,
  NewContact,
  NewDocumentLine,
  NewExtrafield,
  NewIntervention,
  NewInterventionLine,
  NewInvoice,
  NewProposal,
  NewThirdParty,
} from '../../../src/erp/dolibarr/api';
import type {
  DolContact,
  DolContract,
  DolExtrafieldDef,
  DolIntervention,
  DolInvoice,
  DolProduct,
  DolProposal,
  DolThirdParty,
  Extrafields,
} from '../../../src/erp/dolibarr/types';
import { NotFoundError } from '../../../src/plugin-sdk';

/** The DolibarrApi methods the support rules use, plus the line deletion the swagger offers. */
type RulesApi = CustomerApi &
  Pick<
    DolibarrApi,
    | 'getProductByRef'
    | 'listContracts'
    | 'listInterventions'
    | 'getIntervention'
    | 'createIntervention'
    | 'addInterventionLine'
    | 'validateIntervention'
    | 'setInterventionExtrafields'
    | 'createProposal'
    | 'addProposalLines'
    | 'getProposal'
    | 'createInvoice'
    | 'findDraftInvoice'
    | 'addInvoiceLine'
    | 'listExtrafields'
    | 'createExtrafield'
    | 'updateExtrafield'
  >;

const notFound = (what: string) => new NotFoundError(`Not Found: ${what}`, { system: 'dolibarr', method: 'GET', path: '/', status: 404 });

/**
 * In-memory Dolibarr for rule tests. It behaves like the recorded API where the rules
 * care: third-party phones are stored normalised, contact phones as typed; e-mail
 * equality ignores case (MySQL collation); an apostrophe needs no escaping.
 */
export class FakeDolibarr implements RulesApi {
  thirdparties: DolThirdParty[] = [];
  contacts: DolContact[] = [];
  products: DolProduct[] = [];
  contracts: DolContract[] = [];
  interventions: DolIntervention[] = [];
  proposals: DolProposal[] = [];
  invoices: Array<DolInvoice & { input: NewInvoice }> = [];
  extrafields: DolExtrafieldDef[] = [];
  /** Every write, in order, e.g. "createIntervention", "addInterventionLine:12". */
  writes: string[] = [];
  /** Number of read calls per method, to check caching. */
  reads: Record<string, number> = {};
  private nextId = 100;

  private read(name: string) {
    this.reads[name] = (this.reads[name] ?? 0) + 1;
  }

  addThirdParty(tp: Partial<DolThirdParty> & { id: number; name: string }): DolThirdParty {
    const full: DolThirdParty = { email: null, phone: null, codeClient: null, client: 1, status: 1, ...tp };
    full.phone = full.phone?.replace(/[\s.]/g, '') ?? null;
    this.thirdparties.push(full);
    return full;
  }

  addContact(c: Partial<DolContact> & { id: number; socid: number | null }): DolContact {
    const full: DolContact = { firstname: null, lastname: null, email: null, phonePro: null, phoneMobile: null, ...c };
    this.contacts.push(full);
    return full;
  }

  async findContactsByEmail(email: string) {
    this.read('findContactsByEmail');
    return this.contacts.filter((c) => c.email?.toLowerCase() === email.toLowerCase());
  }
  async findThirdPartiesByEmail(email: string) {
    this.read('findThirdPartiesByEmail');
    return this.thirdparties.filter((t) => t.email?.toLowerCase() === email.toLowerCase());
  }
  async findThirdPartiesByEmailDomain(domain: string) {
    this.read('findThirdPartiesByEmailDomain');
    return this.thirdparties.filter((t) => t.email?.toLowerCase().endsWith(`@${domain.toLowerCase()}`));
  }
  async findThirdPartiesByPhone(phone: string) {
    this.read('findThirdPartiesByPhone');
    const wanted = phone.replace(/[\s.]/g, '');
    return this.thirdparties.filter((t) => t.phone === wanted);
  }
  async findContactsByPhone(phone: string) {
    this.read('findContactsByPhone');
    return this.contacts.filter((c) => c.phonePro === phone || c.phoneMobile === phone);
  }
  async getThirdParty(id: number) {
    this.read('getThirdParty');
    return this.thirdparties.find((t) => t.id === id) ?? null;
  }
  async createThirdParty(input: NewThirdParty) {
    this.writes.push('createThirdParty');
    return this.addThirdParty({ id: this.nextId++, name: input.name, email: input.email ?? null, phone: input.phone ?? null, client: input.client }).id;
  }
  async createContact(input: NewContact) {
    this.writes.push('createContact');
    const { socid, lastname, firstname, email, phonePro, phoneMobile } = input;
    return this.addContact({ id: this.nextId++, socid, lastname, firstname: firstname ?? null, email: email ?? null, phonePro: phonePro ?? null, phoneMobile: phoneMobile ?? null }).id;
  }

  async getProductByRef(ref: string) {
    this.read('getProductByRef');
    return this.products.find((p) => p.ref === ref) ?? null;
  }
  async listContracts(socid: number) {
    this.read('listContracts');
    return this.contracts.filter((c) => c.socid === socid);
  }
  async getContract(id: number) {
    this.read('getContract');
    const c = this.contracts.find((x) => x.id === id);
    return c ? structuredClone(c) : null;
  }
  async setContractExtrafields(id: number, values: Extrafields) {
    this.writes.push(`setContractExtrafields:${id}`);
    const c = this.contracts.find((x) => x.id === id);
    if (!c) throw notFound('Contract not found');
    c.extrafields = { ...c.extrafields, ...values };
  }

  async *listInterventions(filter: InterventionListFilter) {
    this.read('listInterventions');
    for (const i of this.interventions) {
      if (filter.contractId !== undefined && i.contractId !== filter.contractId) continue;
      if (filter.socids && !filter.socids.includes(i.socid)) continue;
      if (filter.statuses && !filter.statuses.includes(i.status)) continue;
      yield structuredClone(i);
    }
  }
  async getIntervention(id: number) {
    this.read('getIntervention');
    const found = this.interventions.find((i) => i.id === id);
    return found ? structuredClone(found) : null;
  }
  async createIntervention(input: NewIntervention) {
    this.writes.push('createIntervention');
    const id = this.nextId++;
    this.interventions.push({
      id, ref: `(PROV${id})`, socid: input.socid, contractId: input.contractId ?? null, projectId: input.projectId ?? null, status: 0,
      description: input.description, durationSeconds: 0, modifiedAt: null, lines: [],
      linkedObjects: input.ticketId ? { ticket: [input.ticketId] } : {}, extrafields: { ...(input.extrafields ?? {}) },
    });
    return id;
  }
  async addInterventionLine(interventionId: number, line: NewInterventionLine) {
    this.writes.push(`addInterventionLine:${interventionId}`);
    const i = this.mustIntervention(interventionId);
    const id = this.nextId++;
    i.lines.push({ id, description: line.description, date: line.date, durationSeconds: line.durationSeconds, rank: i.lines.length + 1 });
    i.durationSeconds += line.durationSeconds;
    return id;
  }
  async deleteInterventionLine(interventionId: number, lineId: number) {
    this.writes.push(`deleteInterventionLine:${interventionId}:${lineId}`);
    const i = this.mustIntervention(interventionId);
    const line = i.lines.find((l) => l.id === lineId);
    if (!line) throw notFound('line');
    i.lines = i.lines.filter((l) => l.id !== lineId);
    i.durationSeconds -= line.durationSeconds;
  }
  async validateIntervention(id: number) {
    this.writes.push(`validateIntervention:${id}`);
    const i = this.mustIntervention(id);
    i.status = 1;
    i.ref = `FI2611-${String(id).padStart(4, '0')}`;
  }
  async closeIntervention(id: number) {
    this.writes.push(`closeIntervention:${id}`);
    this.mustIntervention(id).status = 3;
  }
  async setInterventionExtrafields(id: number, values: Extrafields) {
    this.writes.push(`setInterventionExtrafields:${id}`);
    const i = this.mustIntervention(id);
    i.extrafields = { ...i.extrafields, ...values };
  }
  private mustIntervention(id: number): DolIntervention {
    const i = this.interventions.find((x) => x.id === id);
    if (!i) throw notFound('Intervention not found');
    return i;
  }

  async createProposal(input: NewProposal) {
    this.writes.push('createProposal');
    const id = this.nextId++;
    this.proposals.push({ id, ref: `(PROV${id})`, socid: input.socid, status: 0, totalHt: 0, dateSignature: null, lines: [], linkedObjects: { ticket: input.ticketIds ?? [] } });
    return id;
  }
  async addProposalLines(proposalId: number, lines: NewDocumentLine[]) {
    this.writes.push(`addProposalLines:${proposalId}`);
    const p = this.proposals.find((x) => x.id === proposalId);
    if (!p) throw notFound('Proposal not found');
    for (const l of lines) {
      p.lines.push({ id: this.nextId++, productId: l.productId ?? null, description: l.description, qty: l.qty, unitPrice: l.unitPrice, vatRate: l.vatRate });
      p.totalHt += l.qty * l.unitPrice;
    }
  }
  async getProposal(id: number) {
    this.read('getProposal');
    const p = this.proposals.find((x) => x.id === id);
    return p ? structuredClone(p) : null;
  }

  async createInvoice(input: NewInvoice) {
    this.writes.push('createInvoice');
    const id = this.nextId++;
    const totalHt = input.lines.reduce((s, l) => s + l.qty * l.unitPrice, 0);
    this.invoices.push({ id, ref: `(PROV${id})`, socid: input.socid, refClient: input.refClient ?? null, status: 0, totalHt, linkedObjects: input.linkedObjects ?? {}, input });
    return id;
  }

  async findDraftInvoice(filter: DraftInvoiceFilter) {
    this.read('findDraftInvoice');
    const found = this.invoices.filter((i) => i.status === 0 && i.socid === filter.socid && i.refClient === filter.refClient).sort((a, b) => b.id - a.id)[0];
    return found ? structuredClone(found) : null;
  }
  async addInvoiceLine(invoiceId: number, line: NewDocumentLine) {
    this.writes.push(`addInvoiceLine:${invoiceId}`);
    const invoice = this.invoices.find((i) => i.id === invoiceId);
    if (!invoice) throw notFound('Invoice not found');
    invoice.input.lines.push(line);
    invoice.totalHt += line.qty * line.unitPrice;
    return this.nextId++;
  }

  async listExtrafields(elementType: ExtrafieldElement) {
    this.read('listExtrafields');
    return this.extrafields.filter((e) => e.elementType === elementType);
  }
  async createExtrafield(elementType: ExtrafieldElement, def: NewExtrafield) {
    this.writes.push(`createExtrafield:${elementType}:${def.attrname}`);
    this.extrafields.push({ elementType, attrname: def.attrname, label: def.label, type: def.type, visibility: String(def.visibility ?? 1), position: def.position ?? 100 });
  }
  async updateExtrafield(elementType: ExtrafieldElement, def: NewExtrafield) {
    this.writes.push(`updateExtrafield:${elementType}:${def.attrname}`);
    const current = this.extrafields.find((e) => e.elementType === elementType && e.attrname === def.attrname);
    if (!current) throw notFound('Extrafield not found from attrname and elementtype');
    Object.assign(current, { label: def.label, type: def.type, visibility: String(def.visibility ?? 1), position: def.position ?? 100 });
  }
}
