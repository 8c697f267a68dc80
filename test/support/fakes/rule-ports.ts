import type { Cache, LinkStore, QuoteLink, TicketKey, TimeEntryLink } from '../../../src/sync/ports';

export class MemoryCache<T> implements Cache<T> {
  readonly entries = new Map<string, { value: T; ttl: number }>();
  async get(key: string) {
    return this.entries.get(key)?.value;
  }
  async set(key: string, value: T, ttlSeconds: number) {
    this.entries.set(key, { value: structuredClone(value), ttl: ttlSeconds });
  }
}

type RuleLinks = Pick<
  LinkStore,
  'getTimeEntryLinks' | 'saveTimeEntryLink' | 'deleteTimeEntryLink' | 'getQuoteLink' | 'saveQuoteLink' | 'getTicketByProposal'
>;

/** The LinkStore methods the rules use, in memory. */
export class MemoryLinks implements RuleLinks {
  readonly timeEntries = new Map<string, Map<string, TimeEntryLink>>();
  readonly quotes = new Map<string, QuoteLink & { key: TicketKey }>();

  private k(key: TicketKey) {
    return `${key.helpdeskId}:${key.ticketId}`;
  }
  async getTimeEntryLinks(key: TicketKey) {
    return [...(this.timeEntries.get(this.k(key))?.values() ?? [])].map((l) => ({ ...l }));
  }
  async saveTimeEntryLink(key: TicketKey, link: TimeEntryLink) {
    const m = this.timeEntries.get(this.k(key)) ?? new Map<string, TimeEntryLink>();
    m.set(link.entryId, { ...link });
    this.timeEntries.set(this.k(key), m);
  }
  async deleteTimeEntryLink(key: TicketKey, entryId: string) {
    this.timeEntries.get(this.k(key))?.delete(entryId);
  }
  async getQuoteLink(key: TicketKey, requestId: string) {
    const q = this.quotes.get(`${this.k(key)}#${requestId}`);
    return q ? { proposalId: q.proposalId, proposalRef: q.proposalRef, requestId: q.requestId } : null;
  }
  async saveQuoteLink(key: TicketKey, link: QuoteLink) {
    this.quotes.set(`${this.k(key)}#${link.requestId}`, { ...link, key });
  }
  async getTicketByProposal(proposalId: number) {
    return [...this.quotes.values()].find((q) => q.proposalId === proposalId)?.key ?? null;
  }
}
