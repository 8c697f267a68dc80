import type { ArticleInput, DoubleActions, TicketChanges, TicketInput } from './actions';
import { findTicket, ticketGet } from './read-ops';
import { CHANNELS, type DoubleStore } from './store';

/** How the next API call fails: an error in a 200 body, an HTTP status with text, or no answer at all. */
export type Fault = { kind: 'opError'; code: string; message?: string } | { kind: 'http'; status: number; text: string } | { kind: 'drop' };

export interface RecordedRequest {
  method: string;
  path: string;
  operation?: string;
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, unknown>;
}

export interface RecordedDelivery {
  event: Record<string, unknown>;
  status?: number;
  error?: string;
}

/** Everything a test or a script can do to the double besides calling its REST API. */
export class ZnunyDoubleControl {
  readonly requests: RecordedRequest[] = [];
  readonly deliveries: RecordedDelivery[] = [];
  readonly faults: Fault[] = [];
  loseNextWrite = false;
  readonly sessions = new Set<string>();

  constructor(
    readonly store: DoubleStore,
    private readonly actions: DoubleActions,
    /** Runs after each change (sends the invoker deliveries it caused). */
    private readonly afterChange: () => void = () => undefined,
  ) {}

  createTicket(input: TicketInput & { articles: ArticleInput[] }): { ticketId: string; ticketNumber: string; articleIds: string[] } {
    const { ticket, articleIds } = this.actions.createTicket(input, input.articles);
    this.afterChange();
    return { ticketId: String(ticket.TicketID), ticketNumber: ticket.TicketNumber, articleIds: articleIds.map(String) };
  }

  addArticle(ticketId: string, article: ArticleInput): string {
    const id = String(this.actions.addArticle(findTicket(this.store, 'Control', ticketId), article));
    this.afterChange();
    return id;
  }

  updateTicket(ticketId: string, changes: TicketChanges): void {
    this.actions.update(findTicket(this.store, 'Control', ticketId), changes);
    this.afterChange();
  }

  merge(sourceId: string, targetId: string): void {
    this.actions.merge(findTicket(this.store, 'Control', sourceId), findTicket(this.store, 'Control', targetId));
    this.afterChange();
  }

  remove(ticketId: string): void {
    this.actions.remove(findTicket(this.store, 'Control', ticketId));
  }

  /** Freezes Znuny's clock (null: real time again). */
  setClock(at: Date | null): void {
    this.store.setClock(at);
  }

  failNext(fault: Fault): void {
    this.faults.push(fault);
  }

  /** The next TicketCreate/TicketUpdate is carried out, then the connection is dropped unanswered. */
  loseNextWriteAnswer(): void {
    this.loseNextWrite = true;
  }

  /** Every session becomes invalid, as after Znuny's idle timeout. */
  expireSessions(): void {
    this.sessions.clear();
  }

  /** The ticket as TicketGet returns it with articles and dynamic fields. */
  ticket(ticketId: string): Record<string, unknown> {
    return (ticketGet(this.store, ticketId, { AllArticles: 1, DynamicFields: 1 }).Ticket as Record<string, unknown>[])[0];
  }

  /** Every file of the ticket's articles, with its base64 content. */
  attachments(ticketId: string): Array<{ Filename: string; ContentType: string; Content: string }> {
    return this.store.articlesOf(findTicket(this.store, 'Control', ticketId).TicketID).flatMap((a) => a.Attachment);
  }

  dynamicField(ticketId: string, name: string): string | string[] | null | undefined {
    return findTicket(this.store, 'Control', ticketId).DynamicField[name];
  }

  /** Sets a dynamic field as an agent would, defining it first if this Znuny has no field of that name. */
  setDynamicField(ticketId: string, name: string, value: string | string[] | null): void {
    if (!this.store.dynamicFieldNames.includes(name)) this.store.dynamicFieldNames.push(name);
    this.updateTicket(ticketId, { dynamicFields: { [name]: value } });
  }

  /** The articles the customer sees that an agent (or the bridge) wrote: the answers the customer was given. */
  customerReplies(ticketId: string): Array<{ ArticleID: number; To: string; Subject: string; Body: string; channel: string }> {
    const channels = Object.fromEntries(Object.entries(CHANNELS).map(([name, id]) => [id, name]));
    return this.store
      .articlesOf(findTicket(this.store, 'Control', ticketId).TicketID)
      .filter((a) => a.IsVisibleForCustomer === 1 && a.SenderType === 'agent')
      .map((a) => ({ ArticleID: a.ArticleID, To: a.To, Subject: a.Subject, Body: a.Body, channel: channels[a.CommunicationChannelID] }));
  }

  /** The ticket's state and, when pending, the time its reminder is due (Znuny keeps it to the second, set to the minute). */
  pending(ticketId: string): { state: string; until?: Date } {
    const t = findTicket(this.store, 'Control', ticketId);
    return { state: t.State, ...(t.PendingUntil ? { until: new Date(t.PendingUntil * 1000) } : {}) };
  }
}
