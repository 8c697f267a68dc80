import { clone } from './clone';
import type { CustomerApi } from '../../../src/sync/mirror/customer-deps';
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
  NewTicket,
  NewTicketMessage,
  TicketListFilter,
  TicketUpdate,
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
  DolAgendaEvent,
  DolDictionaryEntry,
  DolTicket,
  DolUser,
} from '../../../src/erp/dolibarr/types';
import { DuplicateError, InvalidRequestError, NotFoundError } from '../../../src/plugin-sdk';

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

/** Properties libraries probe for on any object (promises, JSON, jest matchers). */
const PROBED = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', '$$typeof', 'constructor']);

const details = (method: string, path: string, status: number, remoteMessage: string) => ({
  system: 'dolibarr',
  method,
  path,
  status,
  remoteMessage,
});

function entry(rowid: number, code: string): DolDictionaryEntry {
  return { rowid, code, label: code, useDefault: code === 'OTHER', active: true };
}

/**
 * The one in-memory Dolibarr of unit tests (the HTTP double in test/doubles/dolibarr serves end-to-end tests). It
 * behaves like the recorded API where the bridge cares: third-party phones are stored normalised, contact phones as
 * typed; e-mail equality ignores case (MySQL collation); an apostrophe needs no escaping; ticket ref and track_id
 * unique (500 "Duplicate entry" → DuplicateError), subject and message required, messages as TICKET_MSG /
 * TICKET_MSG_PRIVATE agenda events with the text in the note (docs/recorded-facts.md, Tickets).
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
    return this.addThirdParty({ id: this.nextId++, name: input.name, email: input.email ?? null, phone: input.phone ?? null, client: input.client })
      .id;
  }
  async createContact(input: NewContact) {
    this.writes.push('createContact');
    const { socid, lastname, firstname, email, phonePro, phoneMobile } = input;
    return this.addContact({
      id: this.nextId++,
      socid,
      lastname,
      firstname: firstname ?? null,
      email: email ?? null,
      phonePro: phonePro ?? null,
      phoneMobile: phoneMobile ?? null,
    }).id;
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
      id,
      ref: `(PROV${id})`,
      socid: input.socid,
      contractId: input.contractId ?? null,
      projectId: input.projectId ?? null,
      status: 0,
      description: input.description,
      durationSeconds: 0,
      modifiedAt: null,
      lines: [],
      linkedObjects: input.ticketId ? { ticket: [input.ticketId] } : {},
      extrafields: { ...(input.extrafields ?? {}) },
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
    this.proposals.push({
      id,
      ref: `(PROV${id})`,
      socid: input.socid,
      status: 0,
      totalHt: 0,
      dateSignature: null,
      lines: [],
      linkedObjects: { ticket: input.ticketIds ?? [] },
    });
    return id;
  }
  async addProposalLines(proposalId: number, lines: NewDocumentLine[]) {
    this.writes.push(`addProposalLines:${proposalId}`);
    const p = this.proposals.find((x) => x.id === proposalId);
    if (!p) throw notFound('Proposal not found');
    for (const l of lines) {
      p.lines.push({
        id: this.nextId++,
        productId: l.productId ?? null,
        description: l.description,
        qty: l.qty,
        unitPrice: l.unitPrice,
        vatRate: l.vatRate,
      });
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
    this.invoices.push({
      id,
      ref: `(PROV${id})`,
      socid: input.socid,
      refClient: input.refClient ?? null,
      status: 0,
      totalHt,
      linkedObjects: input.linkedObjects ?? {},
      input,
    });
    return id;
  }

  async findDraftInvoice(filter: DraftInvoiceFilter) {
    this.read('findDraftInvoice');
    const found = this.invoices
      .filter((i) => i.status === 0 && i.socid === filter.socid && i.refClient === filter.refClient)
      .sort((a, b) => b.id - a.id)[0];
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
    this.extrafields.push({
      elementType,
      attrname: def.attrname,
      label: def.label,
      type: def.type,
      visibility: String(def.visibility ?? 1),
      position: def.position ?? 100,
    });
  }
  async updateExtrafield(elementType: ExtrafieldElement, def: NewExtrafield) {
    this.writes.push(`updateExtrafield:${elementType}:${def.attrname}`);
    const current = this.extrafields.find((e) => e.elementType === elementType && e.attrname === def.attrname);
    if (!current) throw notFound('Extrafield not found from attrname and elementtype');
    Object.assign(current, { label: def.label, type: def.type, visibility: String(def.visibility ?? 1), position: def.position ?? 100 });
  }

  tickets: DolTicket[] = [];
  messages: DolAgendaEvent[] = [];
  /** The contact each posted message was linked to (`contact_id`; Dolibarr keeps it but leaves it out of GET). */
  readonly messageContacts = new Map<number, number | undefined>();
  users: DolUser[] = [];
  dictionaries = {
    types: ['COM', 'HELP', 'ISSUE', 'REQUEST', 'OTHER'].map((c, i) => entry(i + 1, c)),
    categories: [entry(1, 'OTHER')],
    severities: ['LOW', 'NORMAL', 'HIGH', 'BLOCKING'].map((c, i) => entry(i + 1, c)),
  };
  /** The ERP's clock, for tms. */
  clock = new Date('2026-11-20T10:00:00Z');
  private nextTicketId = 1;
  private nextEventId = 500;

  private tick(): Date {
    this.clock = new Date(this.clock.getTime() + 1000);
    return new Date(this.clock);
  }

  /** Writes the bridge made to tickets and messages (not those of ERP users). */
  ticketWrites(): string[] {
    return this.writes.filter((w) => /^(createTicket|updateTicket|postTicketMessage|deleteTicket)/.test(w));
  }

  /** A ticket as an ERP user (or an earlier bridge run) left it. */
  seedTicket(t: Partial<DolTicket> & { ref: string; trackId: string }): DolTicket {
    const at = this.tick();
    const full: DolTicket = {
      id: this.nextTicketId++,
      subject: 'Subject',
      message: 'Message',
      status: 0,
      typeCode: null,
      categoryCode: null,
      severityCode: null,
      socid: null,
      contractId: null,
      projectId: null,
      originEmail: null,
      userAssignId: null,
      origin: 'user',
      progress: null,
      createdAt: at,
      modifiedAt: at,
      closedAt: null,
      readAt: null,
      extrafields: {},
      ...t,
    };
    this.tickets.push(full);
    return clone(full);
  }

  /** An ERP user writes a message on a ticket in Dolibarr. */
  userWritesMessage(ticketId: number, text: string, isPrivate = false): DolAgendaEvent {
    return this.pushMessage(ticketId, text, isPrivate, 7);
  }

  /** An ERP user changes a ticket's status in Dolibarr. */
  userSetsStatus(ticketId: number, status: number): void {
    const t = this.mustTicket(ticketId, 'PUT');
    t.status = status;
    t.modifiedAt = this.tick();
  }

  async createTicket(input: NewTicket): Promise<DolTicket> {
    this.writes.push(`createTicket:${input.ref}`);
    if (!input.subject)
      throw new InvalidRequestError('Bad Request: subject field missing', details('POST', '/tickets', 400, 'subject field missing'));
    if (!input.message)
      throw new InvalidRequestError('Bad Request: message field missing', details('POST', '/tickets', 400, 'message field missing'));
    const dup = this.tickets.find((t) => t.ref === input.ref)
      ? 'uk_ticket_ref'
      : this.tickets.find((t) => t.trackId === input.trackId)
        ? 'uk_ticket_track_id'
        : null;
    if (dup) throw new DuplicateError(`Duplicate entry for key '${dup}'`, details('POST', '/tickets', 500, `Duplicate entry for key '${dup}'`));
    return this.seedTicket({
      ref: input.ref,
      trackId: input.trackId,
      subject: input.subject,
      message: input.message,
      status: input.status ?? 0,
      typeCode: input.typeCode ?? null,
      categoryCode: input.categoryCode ?? null,
      severityCode: input.severityCode ?? null,
      socid: input.socid ?? null,
      contractId: input.contractId ?? null,
      originEmail: input.originEmail ?? null,
      userAssignId: input.userAssignId ?? null,
      extrafields: { ...(input.extrafields ?? {}) },
      progress: input.progress ?? null,
      closedAt: input.closedAt ?? null,
      readAt: input.readAt ?? null,
    });
  }

  async getTicket(id: number) {
    this.read('getTicket');
    const t = this.tickets.find((x) => x.id === id);
    return t ? clone(t) : null;
  }
  async getTicketByRef(ref: string) {
    this.read('getTicketByRef');
    const t = this.tickets.find((x) => x.ref === ref);
    return t ? clone(t) : null;
  }
  async getTicketByTrackId(trackId: string) {
    this.read('getTicketByTrackId');
    const t = this.tickets.find((x) => x.trackId === trackId);
    return t ? clone(t) : null;
  }
  async *listTickets(filter: TicketListFilter = {}) {
    this.read('listTickets');
    const since = filter.modifiedSince?.getTime();
    const picked = this.tickets.filter((t) => since === undefined || (t.modifiedAt !== null && t.modifiedAt.getTime() >= since));
    const sortKey = (t: DolTicket) => (filter.sortField === 'tms' ? (t.modifiedAt?.getTime() ?? 0) : t.id);
    for (const t of [...picked].sort((a, b) => sortKey(a) - sortKey(b))) yield clone(t);
  }
  async updateTicket(id: number, update: TicketUpdate) {
    this.writes.push(`updateTicket:${id}:${Object.keys(update).sort().join(',')}`);
    const t = this.mustTicket(id, 'PUT');
    const { extrafields, ...fields } = update;
    Object.assign(t, fields);
    if (extrafields) t.extrafields = { ...t.extrafields, ...extrafields };
    t.modifiedAt = this.tick();
    return clone(t);
  }
  /** POST /agendaevents: Dolibarr does not check that the ticket exists; no author means the API user (1). */
  async postTicketMessage(input: NewTicketMessage) {
    this.writes.push(`postTicketMessage:${input.ticketId}`);
    const ev = this.pushMessage(input.ticketId, input.text, input.private, input.authorUserId ?? 1);
    const stored = this.messages.find((m) => m.id === ev.id)!;
    stored.label = input.label;
    this.messageContacts.set(ev.id, input.contactId);
    return ev.id;
  }
  async currentUser() {
    return { id: 1, login: 'ticketbridge', email: null, firstname: 'Ticket', lastname: 'Bridge', active: true };
  }
  async deleteTicket(id: number) {
    this.writes.push(`deleteTicket:${id}`);
    this.mustTicket(id, 'DELETE');
    this.tickets = this.tickets.filter((t) => t.id !== id);
  }
  async listTicketMessages(ticketId: number) {
    this.read('listTicketMessages');
    return this.messages.filter((m) => m.elementId === ticketId).map((m) => clone(m));
  }
  async *listProposalsModifiedSince(since: Date) {
    this.read('listProposalsModifiedSince');
    for (const p of this.proposals) if (p.modifiedAt && p.modifiedAt.getTime() >= since.getTime()) yield clone(p);
  }
  async *listTicketMessagesSince(since: Date) {
    this.read('listTicketMessagesSince');
    for (const m of this.messages) if (m.createdAt && m.createdAt.getTime() >= since.getTime()) yield clone(m);
  }
  async listInterventionsForTicket(ticketId: number, socid: number): Promise<DolIntervention[]> {
    const all: DolIntervention[] = [];
    for await (const i of this.listInterventions({ socids: [socid] })) if (i.linkedObjects.ticket?.includes(ticketId)) all.push(i);
    return all;
  }

  async findUserByLogin(login: string) {
    return this.users.find((u) => u.login === login) ?? null;
  }
  async findUserByEmail(email: string) {
    return this.users.find((u) => u.email?.toLowerCase() === email.toLowerCase()) ?? null;
  }

  async ticketTypes() {
    return this.dictionaries.types;
  }
  async ticketCategories() {
    return this.dictionaries.categories;
  }
  async ticketSeverities() {
    return this.dictionaries.severities;
  }

  /** Documents per ERP ticket id, as Dolibarr stores them (name → bytes). */
  documents = new Map<number, Map<string, { content: Buffer; date: Date }>>();
  /** Makes the next uploads fail with this error (then uploads work again). */
  uploadFailures: Error[] = [];

  async uploadTicketDocument(ticketId: number, file: { filename: string; content: Buffer; overwrite?: boolean }) {
    this.mustTicket(ticketId, 'POST');
    const failure = this.uploadFailures.shift();
    if (failure) throw failure;
    const docs = this.documents.get(ticketId) ?? new Map<string, { content: Buffer; date: Date }>();
    if (docs.has(file.filename) && !file.overwrite) {
      throw new InvalidRequestError(
        `Bad Request: File with name '${file.filename}' already exists.`,
        details('POST', '/documents/upload', 400, `Bad Request: File with name '${file.filename}' already exists.`),
      );
    }
    this.writes.push(`uploadTicketDocument:${ticketId}:${file.filename}`);
    docs.set(file.filename, { content: Buffer.from(file.content), date: this.tick() });
    this.documents.set(ticketId, docs);
    return file.filename;
  }

  async listTicketDocuments(ticket: number | { ref: string }) {
    const id = typeof ticket === 'number' ? ticket : this.tickets.find((t) => t.ref === ticket.ref)?.id;
    return [...(this.documents.get(id ?? -1) ?? new Map<string, { content: Buffer; date: Date }>()).entries()].map(([name, d]) => ({
      name,
      relativeName: name,
      size: d.content.length,
      date: d.date,
    }));
  }

  async downloadTicketDocument(ticketRef: string, filename: string) {
    const id = this.tickets.find((t) => t.ref === ticketRef)?.id ?? -1;
    const doc = this.documents.get(id)?.get(filename);
    return doc ? { filename, contentType: 'application/octet-stream', size: doc.content.length, content: Buffer.from(doc.content) } : null;
  }

  /** An ERP user adds a file to a ticket's documents in Dolibarr. */
  userAddsDocument(ticketId: number, filename: string, content: Buffer): void {
    const docs = this.documents.get(ticketId) ?? new Map<string, { content: Buffer; date: Date }>();
    docs.set(filename, { content, date: this.tick() });
    this.documents.set(ticketId, docs);
  }

  /** The engine's view of this fake; calling an endpoint it lacks fails the test loudly. */
  asApi(): DolibarrApi {
    return new Proxy(this, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (value === undefined && typeof prop === 'string' && !PROBED.has(prop)) throw new Error(`FakeDolibarr has no ${prop}()`);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as unknown as DolibarrApi;
  }

  private pushMessage(ticketId: number, text: string, isPrivate: boolean, authorId: number): DolAgendaEvent {
    const at = this.tick();
    const ev: DolAgendaEvent = {
      id: this.nextEventId++,
      code: isPrivate ? 'TICKET_MSG_PRIVATE' : 'TICKET_MSG',
      typeCode: 'AC_OTH_AUTO',
      label: 'Ticket message',
      note: text,
      elementType: 'ticket',
      elementId: ticketId,
      userOwnerId: authorId,
      authorId,
      datep: at,
      createdAt: at,
    };
    this.messages.push(ev);
    return clone(ev);
  }

  private mustTicket(id: number, method: string): DolTicket {
    const t = this.tickets.find((x) => x.id === id);
    if (!t) throw new NotFoundError('Not Found: Ticket not found', details(method, `/tickets/${id}`, 404, 'Ticket not found'));
    return t;
  }
}
