import type { AttachmentLink, LinkStore, TicketKey, TicketLink } from '../../../src/sync/ports';
import { MemoryLinks } from './rule-ports';

const k = (key: TicketKey) => `${key.helpdeskId}:${key.ticketId}`;

/** The whole LinkStore in memory: the rules' MemoryLinks plus ticket, article and ERP message links. */
export class MemoryLinkStore extends MemoryLinks implements LinkStore {
  readonly tickets = new Map<string, TicketLink>();
  readonly byErpId = new Map<number, TicketKey>();
  readonly articles = new Map<string, Map<string, number>>();
  /** ERP messages linked without an article, `<helpdeskId>:<ticketId>:<erpMessageId>`. */
  readonly bareErpMessages = new Set<string>();
  readonly attachments = new Map<string, AttachmentLink>();
  readonly erpDocuments = new Set<string>();

  async getTicketLink(key: TicketKey) {
    const link = this.tickets.get(k(key));
    return link ? { ...link } : null;
  }
  async getTicketLinkByErpId(erpId: number) {
    const key = this.byErpId.get(erpId);
    return key ? this.getTicketLink(key) : null;
  }
  async saveTicketLink(link: TicketLink) {
    const previous = this.tickets.get(k(link));
    if (previous && previous.erpId !== link.erpId) this.byErpId.delete(previous.erpId);
    this.tickets.set(k(link), { ...link });
    this.byErpId.set(link.erpId, { helpdeskId: link.helpdeskId, ticketId: link.ticketId });
  }
  async deleteTicketLink(key: TicketKey) {
    const link = this.tickets.get(k(key));
    if (link) this.byErpId.delete(link.erpId);
    this.tickets.delete(k(key));
  }
  async *listTicketLinks(source?: string) {
    for (const link of this.tickets.values()) if (!source || link.helpdeskId === source) yield { ...link };
  }
  async getArticleLinks(key: TicketKey) {
    return new Map(this.articles.get(k(key)) ?? []);
  }
  async saveArticleLink(key: TicketKey, articleId: string, erpMessageId: number) {
    const m = this.articles.get(k(key)) ?? new Map<string, number>();
    m.set(articleId, erpMessageId);
    this.articles.set(k(key), m);
    if (erpMessageId !== 0) this.bareErpMessages.delete(`${k(key)}:${erpMessageId}`);
  }
  async getErpMessageLink(key: TicketKey, erpMessageId: number) {
    const ticket = { helpdeskId: key.helpdeskId, ticketId: key.ticketId };
    for (const [articleId, id] of this.articles.get(k(key)) ?? []) if (id === erpMessageId) return { key: ticket, articleId };
    return this.bareErpMessages.has(`${k(key)}:${erpMessageId}`) ? { key: ticket } : null;
  }
  async saveErpMessageLink(key: TicketKey, erpMessageId: number) {
    this.bareErpMessages.add(`${k(key)}:${erpMessageId}`);
  }
  async getAttachmentLink(key: TicketKey, articleId: string, attachmentKey: string) {
    return this.attachments.get(`${k(key)}:${articleId}/${attachmentKey}`) ?? null;
  }
  async saveAttachmentLink(key: TicketKey, articleId: string, attachmentKey: string, link: AttachmentLink, erpId: number) {
    this.attachments.set(`${k(key)}:${articleId}/${attachmentKey}`, link);
    if ('documentName' in link) this.erpDocuments.add(`${erpId}/${link.documentName}`);
  }
  async isErpDocumentKnown(erpId: number, documentName: string) {
    return this.erpDocuments.has(`${erpId}/${documentName}`);
  }
  async markErpDocumentKnown(erpId: number, documentName: string) {
    this.erpDocuments.add(`${erpId}/${documentName}`);
  }
}
