import type { DolibarrConfig } from '../../config/schema';
import { InputError } from '../../plugin-sdk';
import { getLogger, type Logger } from '../../logging/logger';
import type * as A from './api';
import * as ct from './contacts';
import { getContract, listContracts, setContractExtrafields } from './contracts';
import { DolibarrCore, type DolibarrCall } from './core';
import * as dict from './dictionaries';
import * as docs from './documents';
import * as ef from './extrafields';
import { HttpTransport } from './http-transport';
import * as fi from './interventions';
import * as inv from './invoices';
import { AdaptiveLimiter, type LimitChange } from './limiter';
import * as mod from './modules';
import * as prod from './products';
import * as prop from './proposals';
import * as st from './status';
import * as tp from './thirdparties';
import * as tk from './tickets';
import type * as T from './types';
import * as us from './users';

export interface DolibarrClientOptions {
  logger?: Logger;
  /** Injected by tests so backoff and rate waits take no time. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock the limiter's pauses are measured on; tests move it with their sleep. */
  now?: () => number;
  random?: () => number;
  /** Told of every change of the adaptive concurrency limit (metrics); the client logs them itself. */
  onLimitChange?: (change: LimitChange) => void;
  /** Told of every HTTP attempt (metrics). */
  onCall?: (call: DolibarrCall) => void;
}

const CALLER = /^[A-Za-z0-9_.-]+$/;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The typed Dolibarr REST client: one method per endpoint, each delegating to its resource module. */
export class DolibarrClient implements A.DolibarrApi {
  private readonly core: DolibarrCore;
  /** The API user's id, read once: it owns the messages the bridge writes. */
  private apiUserId?: Promise<number>;

  constructor(config: DolibarrConfig, opts: DolibarrClientOptions = {}) {
    // Dolibarr keeps `caller` only if it matches sanitizeVal 'aZ09'; otherwise it stores ''
    // and webhooks no longer echo it, which silently breaks echo suppression.
    if (!CALLER.test(config.caller)) {
      throw new InputError('dolibarr.caller must be letters, digits, "_", "-" or "."', [`caller: ${config.caller}`]);
    }
    const logger = opts.logger ?? getLogger('dolibarr');
    const sleep = opts.sleep ?? realSleep;
    this.core = new DolibarrCore({
      transport: new HttpTransport({ url: config.url, apiKey: config.apiKey, timeoutMs: config.timeoutMs }, logger),
      limiter: new AdaptiveLimiter({
        maxConcurrency: config.concurrency,
        ratePerSecond: config.ratePerSecond,
        sleep,
        now: opts.now,
        onChange: (change) => {
          if (change.reason === 'recovered') logger.info('dolibarr call limit raised', { ...change });
          else logger.warn('dolibarr call limit lowered: Dolibarr is overloaded', { ...change });
          opts.onLimitChange?.(change);
        },
      }),
      policy: { maxRetries: config.maxRetries, baseMs: config.retryBaseMs, maxMs: config.retryMaxMs },
      sleep,
      random: opts.random ?? Math.random,
      logger,
      caller: config.caller,
      onCall: opts.onCall,
    });
  }

  private currentUserId(): Promise<number> {
    this.apiUserId ??= us.currentUser(this.core).then((u) => u.id);
    // A failed read is not kept: the next message asks again.
    this.apiUserId.catch(() => (this.apiUserId = undefined));
    return this.apiUserId;
  }

  status(): Promise<T.DolStatus> {
    return st.status(this.core);
  }
  enabledModules(): Promise<T.DolModuleState> {
    return mod.enabledModules(this.core);
  }

  getThirdParty(id: number) {
    return tp.getThirdParty(this.core, id);
  }
  findThirdPartiesByEmail(email: string) {
    return tp.findThirdPartiesByEmail(this.core, email);
  }
  findThirdPartiesByPhone(phone: string) {
    return tp.findThirdPartiesByPhone(this.core, phone);
  }
  findThirdPartiesByEmailDomain(domain: string) {
    return tp.findThirdPartiesByEmailDomain(this.core, domain);
  }
  createThirdParty(input: A.NewThirdParty) {
    return tp.createThirdParty(this.core, input);
  }

  findContactsByEmail(email: string) {
    return ct.findContactsByEmail(this.core, email);
  }
  findContactsByPhone(phone: string) {
    return ct.findContactsByPhone(this.core, phone);
  }
  createContact(input: A.NewContact) {
    return ct.createContact(this.core, input);
  }

  findUserByEmail(email: string) {
    return us.findUserByEmail(this.core, email);
  }
  findUserByLogin(login: string) {
    return us.findUserByLogin(this.core, login);
  }
  getProductByRef(ref: string) {
    return prod.getProductByRef(this.core, ref);
  }

  listContracts(socid: number) {
    return listContracts(this.core, socid);
  }
  getContract(id: number) {
    return getContract(this.core, id);
  }
  setContractExtrafields(id: number, values: T.Extrafields) {
    return setContractExtrafields(this.core, id, values);
  }

  createTicket(input: A.NewTicket) {
    return tk.createTicket(this.core, input);
  }
  getTicket(id: number) {
    return tk.getTicket(this.core, id);
  }
  getTicketByRef(ref: string) {
    return tk.getTicketByRef(this.core, ref);
  }
  getTicketByTrackId(trackId: string) {
    return tk.getTicketByTrackId(this.core, trackId);
  }
  listTickets(filter?: A.TicketListFilter) {
    return tk.listTickets(this.core, filter);
  }
  updateTicket(id: number, update: A.TicketUpdate) {
    return tk.updateTicket(this.core, id, update);
  }
  async postTicketMessage(input: A.NewTicketMessage) {
    return tk.postTicketMessage(this.core, input, input.authorUserId ?? (await this.currentUserId()), new Date());
  }
  listTicketMessages(ticketId: number) {
    return tk.listTicketMessages(this.core, ticketId);
  }
  listTicketMessagesSince(since: Date) {
    return tk.listTicketMessagesSince(this.core, since);
  }

  createIntervention(input: A.NewIntervention) {
    return fi.createIntervention(this.core, input);
  }
  addInterventionLine(interventionId: number, line: A.NewInterventionLine) {
    return fi.addInterventionLine(this.core, interventionId, line);
  }
  deleteInterventionLine(interventionId: number, lineId: number) {
    return fi.deleteInterventionLine(this.core, interventionId, lineId);
  }
  validateIntervention(id: number) {
    return fi.validateIntervention(this.core, id);
  }
  closeIntervention(id: number) {
    return fi.closeIntervention(this.core, id);
  }
  getIntervention(id: number) {
    return fi.getIntervention(this.core, id);
  }
  listInterventions(filter: A.InterventionListFilter) {
    return fi.listInterventions(this.core, filter);
  }
  listInterventionsForTicket(ticketId: number, socid: number) {
    return fi.listInterventionsForTicket(this.core, ticketId, socid);
  }
  setInterventionExtrafields(id: number, values: T.Extrafields) {
    return fi.setInterventionExtrafields(this.core, id, values);
  }

  createProposal(input: A.NewProposal) {
    return prop.createProposal(this.core, input);
  }
  addProposalLines(proposalId: number, lines: A.NewDocumentLine[]) {
    return prop.addProposalLines(this.core, proposalId, lines);
  }
  validateProposal(id: number) {
    return prop.validateProposal(this.core, id);
  }
  getProposal(id: number) {
    return prop.getProposal(this.core, id);
  }
  listProposalsModifiedSince(since: Date) {
    return prop.listProposalsModifiedSince(this.core, since);
  }

  createInvoice(input: A.NewInvoice) {
    return inv.createInvoice(this.core, input);
  }
  findDraftInvoice(filter: A.DraftInvoiceFilter) {
    return inv.findDraftInvoice(this.core, filter);
  }
  addInvoiceLine(invoiceId: number, line: A.NewDocumentLine) {
    return inv.addInvoiceLine(this.core, invoiceId, line);
  }
  getInvoice(id: number) {
    return inv.getInvoice(this.core, id);
  }

  uploadTicketDocument(ticketId: number, file: T.TicketDocumentUpload) {
    return docs.uploadTicketDocument(this.core, ticketId, file);
  }
  listTicketDocuments(ticket: number | { ref: string }) {
    return docs.listTicketDocuments(this.core, ticket);
  }
  downloadTicketDocument(ticketRef: string, filename: string, maxBytes: number) {
    return docs.downloadTicketDocument(this.core, ticketRef, filename, maxBytes);
  }

  ticketTypes() {
    return dict.dictionary(this.core, 'ticket_types');
  }
  ticketCategories() {
    return dict.dictionary(this.core, 'ticket_categories');
  }
  ticketSeverities() {
    return dict.dictionary(this.core, 'ticket_severities');
  }

  listExtrafields(elementType: A.ExtrafieldElement) {
    return ef.listExtrafields(this.core, elementType);
  }
  createExtrafield(elementType: A.ExtrafieldElement, def: A.NewExtrafield) {
    return ef.createExtrafield(this.core, elementType, def);
  }
  updateExtrafield(elementType: A.ExtrafieldElement, def: A.NewExtrafield) {
    return ef.updateExtrafield(this.core, elementType, def);
  }
}
