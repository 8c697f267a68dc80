import { CHANNELS, type DoubleArticle, type DoubleStore, type DoubleTicket, mangle4Byte } from './store';

export interface ArticleInput {
  channel?: keyof typeof CHANNELS;
  senderType?: 'agent' | 'system' | 'customer';
  /** Znuny's SysConfig default for a TicketUpdate article without the flag is visible. */
  visibleForCustomer?: boolean;
  from?: string;
  to?: string;
  subject?: string;
  body: string;
  contentType?: string;
  timeUnit?: number;
  /** `content` is base64, as Znuny takes and answers it. */
  attachments?: { filename: string; contentType?: string; size?: number; content?: string }[];
}

export interface TicketInput {
  title: string;
  customerUser: string;
  customerId?: string | null;
  queue?: string;
  state?: string;
  priority?: string;
  owner?: string;
  pendingUntil?: number;
  dynamicFields?: Record<string, string | string[] | null>;
}

export interface TicketChanges {
  title?: string;
  state?: string;
  queue?: string;
  priority?: string;
  owner?: string;
  pendingUntil?: number;
  dynamicFields?: Record<string, string | string[] | null>;
}

/** What the invokers would report; the server turns these into outbound deliveries. */
export interface DoubleEvent {
  Event: string;
  TicketID: number;
  ArticleID?: number;
  MainTicketID?: number;
}

/** Changes the store the way Znuny does (history, Changed bumps, merges moving articles). */
export class DoubleActions {
  constructor(
    private readonly store: DoubleStore,
    private readonly emit: (event: DoubleEvent) => void = () => undefined,
  ) {}

  createTicket(input: TicketInput, articles: ArticleInput[]): { ticket: DoubleTicket; articleIds: number[] } {
    const s = this.store;
    const id = s.newTicketId();
    const now = s.nowString();
    const ticket: DoubleTicket = {
      TicketID: id,
      TicketNumber: s.ticketNumber(id),
      Title: mangle4Byte(input.title),
      Queue: input.queue ?? 'Support',
      State: input.state ?? 'new',
      Priority: input.priority ?? '3 normal',
      Owner: input.owner ?? 'tb-agent',
      CustomerUserID: input.customerUser,
      CustomerID: input.customerId === undefined ? (input.customerUser.includes('@') ? '' : input.customerUser.toUpperCase()) : input.customerId,
      Created: now,
      Changed: now,
      PendingUntil: input.pendingUntil ?? 0,
      DynamicField: Object.fromEntries(s.dynamicFieldNames.map((n) => [n, null])),
    };
    s.tickets.set(id, ticket);
    s.addHistory(id, 'NewTicket', `%%${ticket.TicketNumber}%%${ticket.Queue}%%${ticket.Priority}%%${ticket.State}%%${id}`);
    const articleIds = articles.map((a) => this.insertArticle(ticket, a, 'NewTicket'));
    this.setFields(ticket, input.dynamicFields);
    this.emit({ Event: 'TicketCreate', TicketID: id });
    for (const articleId of articleIds) this.emit({ Event: 'ArticleCreate', TicketID: id, ArticleID: articleId });
    return { ticket, articleIds };
  }

  addArticle(ticket: DoubleTicket, input: ArticleInput): number {
    const articleId = this.insertArticle(ticket, input, 'AddNote');
    this.store.touch(ticket);
    this.emit({ Event: 'ArticleCreate', TicketID: ticket.TicketID, ArticleID: articleId });
    return articleId;
  }

  update(ticket: DoubleTicket, changes: TicketChanges): void {
    const s = this.store;
    if (changes.title !== undefined) ticket.Title = mangle4Byte(changes.title);
    if (changes.queue !== undefined) ticket.Queue = changes.queue;
    if (changes.priority !== undefined) ticket.Priority = changes.priority;
    if (changes.owner !== undefined) ticket.Owner = changes.owner;
    if (changes.state !== undefined && changes.state !== ticket.State) {
      s.addHistory(ticket.TicketID, 'StateUpdate', `%%${ticket.State}%%${changes.state}%%`);
      ticket.State = changes.state;
      ticket.PendingUntil = s.stateType(changes.state).startsWith('pending') ? (changes.pendingUntil ?? 0) : 0;
      this.emit({ Event: 'TicketStateUpdate', TicketID: ticket.TicketID });
    } else if (changes.pendingUntil !== undefined && s.stateType(ticket.State).startsWith('pending')) {
      // Setting the same pending state again with a new time moves the reminder.
      ticket.PendingUntil = changes.pendingUntil;
    }
    this.setFields(ticket, changes.dynamicFields);
    s.touch(ticket);
  }

  /** Znuny's merge: articles and their history move to the target, the source gets a note and state merged. */
  merge(source: DoubleTicket, target: DoubleTicket): void {
    const s = this.store;
    for (const a of s.articlesOf(source.TicketID)) a.TicketID = target.TicketID;
    for (const h of s.history) if (h.TicketID === source.TicketID && h.ArticleID) h.TicketID = target.TicketID;
    const name = `%%${source.TicketNumber}%%${source.TicketID}%%${target.TicketNumber}%%${target.TicketID}`;
    this.insertArticle(
      source,
      {
        channel: 'Internal',
        senderType: 'agent',
        visibleForCustomer: true,
        from: '',
        subject: 'Ticket Merged',
        body: `Merged Ticket ${source.TicketNumber} to ${target.TicketNumber}.`,
      },
      'AddNote',
    );
    s.addHistory(source.TicketID, 'Merged', name);
    s.addHistory(target.TicketID, 'Merged', name);
    s.addHistory(source.TicketID, 'TicketLinkAdd', `%%${target.TicketNumber}%%${target.TicketID}%%${source.TicketID}`);
    s.addHistory(target.TicketID, 'TicketLinkAdd', `%%${source.TicketNumber}%%${source.TicketID}%%${target.TicketID}`);
    this.emit({ Event: 'TicketMerge', TicketID: source.TicketID, MainTicketID: target.TicketID });
    this.update(source, { state: 'merged' });
    s.touch(target);
  }

  /** An admin deleting a ticket: afterwards every operation answers AccessDenied. */
  remove(ticket: DoubleTicket): void {
    for (const a of this.store.articlesOf(ticket.TicketID)) this.store.articles.delete(a.ArticleID);
    this.store.history = this.store.history.filter((h) => h.TicketID !== ticket.TicketID);
    this.store.tickets.delete(ticket.TicketID);
  }

  private setFields(ticket: DoubleTicket, fields: TicketChanges['dynamicFields']): void {
    for (const [name, value] of Object.entries(fields ?? {})) {
      const old = ticket.DynamicField[name];
      ticket.DynamicField[name] = value === '' ? null : typeof value === 'string' ? mangle4Byte(value) : value;
      this.store.addHistory(ticket.TicketID, 'TicketDynamicFieldUpdate', `%%FieldName%%${name}%%Value%%${value ?? ''}%%OldValue%%${old ?? ''}`);
      // Znuny names the event after the field; an invoker reports it only when its web service lists that event.
      this.emit({ Event: `TicketDynamicFieldUpdate_${name}`, TicketID: ticket.TicketID });
    }
  }

  private insertArticle(ticket: DoubleTicket, a: ArticleInput, historyType: string): number {
    const s = this.store;
    const id = s.newArticleId();
    const article: DoubleArticle = {
      ArticleID: id,
      TicketID: ticket.TicketID,
      CommunicationChannelID: CHANNELS[a.channel ?? 'Email'],
      SenderType: a.senderType ?? 'customer',
      IsVisibleForCustomer: a.visibleForCustomer === false ? 0 : 1,
      From: a.from ?? '',
      // Recorded (test/fixtures/znuny/real_*): an article without To gets the queue's name, an internal note ''.
      To: a.to ?? (a.channel === 'Internal' ? '' : ticket.Queue),
      Subject: mangle4Byte(a.subject ?? ticket.Title),
      Body: mangle4Byte(a.body),
      ContentType: a.contentType ?? 'text/plain; charset=utf8',
      TimeUnit: a.timeUnit ?? 0,
      CreateTime: s.nowString(),
      Attachment: (a.attachments ?? []).map((f, i) => ({
        Filename: f.filename,
        ContentType: f.contentType ?? 'application/octet-stream',
        FilesizeRaw: String(f.size ?? (f.content ? Buffer.from(f.content, 'base64').length : 0)),
        FileID: String(i + 1),
        Content: f.content ?? '',
      })),
    };
    s.articles.set(id, article);
    s.addHistory(ticket.TicketID, historyType, '%%GenericInterface Note', id);
    if (article.TimeUnit) {
      const total = s.articlesOf(ticket.TicketID).reduce((sum, x) => sum + x.TimeUnit, 0);
      s.addHistory(ticket.TicketID, 'TimeAccounting', `%%${article.TimeUnit}%%${total}`, id);
    }
    return id;
  }
}
