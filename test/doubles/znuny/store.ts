import { DateTime } from 'luxon';

/** Znuny's default states and their types. */
const STATE_TYPES: Record<string, string> = {
  new: 'new',
  open: 'open',
  'closed successful': 'closed',
  'closed unsuccessful': 'closed',
  'pending reminder': 'pending reminder',
  'pending auto close+': 'pending auto',
  'pending auto close-': 'pending auto',
  merged: 'merged',
  removed: 'removed',
};
export const QUEUES = ['Postmaster', 'Raw', 'Junk', 'Misc', 'Support', 'Billing', 'Spam'];
export const PRIORITIES = ['1 very low', '2 low', '3 normal', '4 high', '5 very high'];
export const CHANNELS: Record<string, number> = { Email: 1, Phone: 2, Internal: 3 };

export interface DoubleArticle {
  ArticleID: number;
  TicketID: number;
  CommunicationChannelID: number;
  SenderType: string;
  IsVisibleForCustomer: number;
  From: string;
  To: string;
  Subject: string;
  Body: string;
  ContentType: string;
  TimeUnit: number;
  CreateTime: string;
  Attachment: { Filename: string; ContentType: string; FilesizeRaw: string; FileID: string; Content: string }[];
}

export interface DoubleTicket {
  TicketID: number;
  TicketNumber: string;
  Title: string;
  Queue: string;
  State: string;
  Priority: string;
  Owner: string;
  CustomerUserID: string;
  CustomerID: string | null;
  Created: string;
  Changed: string;
  /** Epoch seconds; 0 when not pending (Znuny's RealTillTimeNotUsed). */
  PendingUntil: number;
  DynamicField: Record<string, string | string[] | null>;
}

export interface HistoryEntry {
  TicketID: number;
  ArticleID: number;
  HistoryType: string;
  Name: string;
  CreateTime: string;
}

/** Znuny's MySQL utf8 (3-byte) schema turns each character outside the BMP into U+FFFD. */
export function mangle4Byte(text: string): string {
  return text.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

/** In-memory Znuny data with a controllable clock; dates are wall-clock strings in `timeZone`. */
export class DoubleStore {
  tickets = new Map<number, DoubleTicket>();
  articles = new Map<number, DoubleArticle>();
  history: HistoryEntry[] = [];
  private nextTicket = 1;
  private nextArticle = 1;
  private frozen: Date | null = null;

  constructor(
    readonly timeZone: string,
    readonly dynamicFieldNames: string[],
  ) {}

  setClock(at: Date | null): void {
    this.frozen = at;
  }

  now(): Date {
    return this.frozen ?? new Date();
  }

  nowString(): string {
    return DateTime.fromJSDate(this.now(), { zone: this.timeZone }).toFormat('yyyy-MM-dd HH:mm:ss');
  }

  ticketNumber(id: number): string {
    return `${DateTime.fromJSDate(this.now(), { zone: this.timeZone }).toFormat('yyyyMMdd')}${String(10000000 + id).padStart(8, '0')}`;
  }

  newTicketId(): number {
    return this.nextTicket++;
  }

  newArticleId(): number {
    return this.nextArticle++;
  }

  articlesOf(ticketId: number): DoubleArticle[] {
    return [...this.articles.values()].filter((a) => a.TicketID === ticketId).sort((a, b) => a.ArticleID - b.ArticleID);
  }

  touch(ticket: DoubleTicket): void {
    ticket.Changed = this.nowString();
  }

  addHistory(ticketId: number, type: string, name: string, articleId = 0): void {
    this.history.push({ TicketID: ticketId, ArticleID: articleId, HistoryType: type, Name: name, CreateTime: this.nowString() });
  }

  stateTypes(): Record<string, string> {
    return STATE_TYPES;
  }

  stateType(state: string): string {
    return STATE_TYPES[state] ?? 'open';
  }
}
