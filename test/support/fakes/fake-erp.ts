import { clone } from './clone';
import type { DolibarrApi, NewTicket, NewTicketMessage, TicketListFilter, TicketUpdate } from '../../../src/erp/dolibarr/api';
import type { DolAgendaEvent, DolDictionaryEntry, DolIntervention, DolTicket, DolUser } from '../../../src/erp/dolibarr/types';
import { DuplicateError, InvalidRequestError, NotFoundError } from '../../../src/plugin-sdk';
import { FakeDolibarr } from './fake-dolibarr';

/** Properties libraries probe for on any object (promises, JSON, jest matchers). */
const PROBED = new Set(['then', 'toJSON', 'asymmetricMatch', 'nodeType', '$$typeof', 'constructor']);

const details = (method: string, path: string, status: number, remoteMessage: string) => ({ system: 'dolibarr', method, path, status, remoteMessage });

function entry(rowid: number, code: string): DolDictionaryEntry {
  return { rowid, code, label: code, useDefault: code === 'OTHER', active: true };
}

/**
 * FakeDolibarr plus the ticket, message, user and dictionary endpoints the engine uses,
 * behaving as docs/recorded-facts.md (Tickets) records: ref and track_id unique (500 "Duplicate entry" → DuplicateError),
 * subject and message required, messages as
 * TICKET_MSG / TICKET_MSG_PRIVATE agenda events with the text in the note.
 */
export class FakeErp extends FakeDolibarr {
  tickets: DolTicket[] = [];
  messages: DolAgendaEvent[] = [];
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
      id: this.nextTicketId++, subject: 'Subject', message: 'Message', status: 0, typeCode: null, categoryCode: null, severityCode: null,
      socid: null, contractId: null, projectId: null, originEmail: null, userAssignId: null, origin: 'user', progress: null,
      createdAt: at, modifiedAt: at, closedAt: null, readAt: null, extrafields: {}, ...t,
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
    if (!input.subject) throw new InvalidRequestError('Bad Request: subject field missing', details('POST', '/tickets', 400, 'subject field missing'));
    if (!input.message) throw new InvalidRequestError('Bad Request: message field missing', details('POST', '/tickets', 400, 'message field missing'));
    const dup = this.tickets.find((t) => t.ref === input.ref) ? 'uk_ticket_ref' : this.tickets.find((t) => t.trackId === input.trackId) ? 'uk_ticket_track_id' : null;
    if (dup) throw new DuplicateError(`Duplicate entry for key '${dup}'`, details('POST', '/tickets', 500, `Duplicate entry for key '${dup}'`));
    return this.seedTicket({
      ref: input.ref, trackId: input.trackId, subject: input.subject, message: input.message, status: input.status ?? 0,
      typeCode: input.typeCode ?? null, categoryCode: input.categoryCode ?? null, severityCode: input.severityCode ?? null,
      socid: input.socid ?? null, contractId: input.contractId ?? null, originEmail: input.originEmail ?? null,
      userAssignId: input.userAssignId ?? null, extrafields: { ...(input.extrafields ?? {}) },
      progress: input.progress ?? null, closedAt: input.closedAt ?? null, readAt: input.readAt ?? null,
    });
  }

  async getTicket(id: number) {
    this.count('getTicket');
    const t = this.tickets.find((x) => x.id === id);
    return t ? clone(t) : null;
  }
  async getTicketByRef(ref: string) {
    this.count('getTicketByRef');
    const t = this.tickets.find((x) => x.ref === ref);
    return t ? clone(t) : null;
  }
  async getTicketByTrackId(trackId: string) {
    this.count('getTicketByTrackId');
    const t = this.tickets.find((x) => x.trackId === trackId);
    return t ? clone(t) : null;
  }
  async *listTickets(filter: TicketListFilter = {}) {
    this.count('listTickets');
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
    this.count('listTicketMessages');
    return this.messages.filter((m) => m.elementId === ticketId).map((m) => clone(m));
  }
  async *listProposalsModifiedSince(since: Date) {
    this.count('listProposalsModifiedSince');
    for (const p of this.proposals) if (p.modifiedAt && p.modifiedAt.getTime() >= since.getTime()) yield clone(p);
  }
  async *listTicketMessagesSince(since: Date) {
    this.count('listTicketMessagesSince');
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
      throw new InvalidRequestError(`Bad Request: File with name '${file.filename}' already exists.`, details('POST', '/documents/upload', 400, `Bad Request: File with name '${file.filename}' already exists.`));
    }
    this.writes.push(`uploadTicketDocument:${ticketId}:${file.filename}`);
    docs.set(file.filename, { content: Buffer.from(file.content), date: this.tick() });
    this.documents.set(ticketId, docs);
    return file.filename;
  }

  async listTicketDocuments(ticket: number | { ref: string }) {
    const id = typeof ticket === 'number' ? ticket : this.tickets.find((t) => t.ref === ticket.ref)?.id;
    return [...(this.documents.get(id ?? -1) ?? new Map<string, { content: Buffer; date: Date }>()).entries()].map(([name, d]) => ({ name, relativeName: name, size: d.content.length, date: d.date }));
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
        if (value === undefined && typeof prop === 'string' && !PROBED.has(prop)) throw new Error(`FakeErp has no ${prop}()`);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as unknown as DolibarrApi;
  }

  private pushMessage(ticketId: number, text: string, isPrivate: boolean, authorId: number): DolAgendaEvent {
    const at = this.tick();
    const ev: DolAgendaEvent = {
      id: this.nextEventId++, code: isPrivate ? 'TICKET_MSG_PRIVATE' : 'TICKET_MSG', typeCode: 'AC_OTH_AUTO', label: 'Ticket message', note: text,
      elementType: 'ticket', elementId: ticketId, userOwnerId: authorId, authorId, datep: at, createdAt: at,
    };
    this.messages.push(ev);
    return clone(ev);
  }

  private mustTicket(id: number, method: string): DolTicket {
    const t = this.tickets.find((x) => x.id === id);
    if (!t) throw new NotFoundError('Not Found: Ticket not found', details(method, `/tickets/${id}`, 404, 'Ticket not found'));
    return t;
  }

  private count(name: string) {
    this.reads[name] = (this.reads[name] ?? 0) + 1;
  }
}
