import { Readable } from 'node:stream';
import { clone } from './clone';
import { NotFoundError } from '../../../src/plugin-sdk';
import type { Article, FetchResult, HelpdeskTicket, TicketSnapshot, TimeEntry } from '../../../src/plugin-sdk';
import type { ChangePage, DeliveryResult, HelpdeskAdapter, NewHelpdeskTicket, OutboundUpdate } from '../../../src/plugin-sdk';

export type Capability = 'fetch' | 'poll' | 'deliver' | 'deliverMany' | 'create' | 'files';

/**
 * A helpdesk in memory. Capabilities are absent members, as in real plugins:
 * `adapter(['fetch', 'deliver'])` lacks listChanges and createTicket.
 */
export class FakeHelpdesk {
  readonly states = new Map<string, FetchResult>();
  readonly delivered: OutboundUpdate[] = [];
  /** The event ids of each deliverMany call. */
  readonly deliveredTogether: string[][] = [];
  readonly created: NewHelpdeskTicket[] = [];
  readonly pages: ChangePage[] = [];
  readonly listCalls: Array<{ cursor: string | null; since: Date }> = [];
  /** What deliver answers; by default one new article per note. */
  deliverResult: (u: OutboundUpdate) => DeliveryResult = (u) => (u.note ? { createdArticleIds: [`note-${this.delivered.length}`] } : {});
  /** Attachment contents by "<articleId>/<attachment id or filename>"; a missing one reads as NotFoundError. */
  readonly files = new Map<string, Buffer>();
  readonly fileReads: string[] = [];
  private nextId = 9000;

  constructor(readonly id: string) {}

  put(snapshot: TicketSnapshot): void {
    this.states.set(snapshot.ticket.id, { kind: 'found', snapshot: clone(snapshot) });
  }

  adapter(caps: Capability[]): HelpdeskAdapter {
    const a: { -readonly [K in keyof HelpdeskAdapter]: HelpdeskAdapter[K] } = { id: this.id, plugin: 'fake' };
    if (caps.includes('fetch')) {
      a.fetchTicket = async (ticketId) => clone(this.states.get(ticketId) ?? { kind: 'deleted' as const });
    }
    if (caps.includes('poll')) {
      a.listChanges = async (cursor, since) => {
        this.listCalls.push({ cursor, since });
        const page = this.pages.shift();
        return page ?? { ticketIds: [], cursor: cursor ?? 'start', more: false };
      };
    }
    if (caps.includes('deliver')) {
      a.deliver = async (u) => {
        this.delivered.push(clone(u));
        return this.deliverResult(u);
      };
    }
    if (caps.includes('deliverMany')) {
      a.deliverMany = async (updates) => {
        this.deliveredTogether.push(updates.map((u) => u.eventId));
        const created = updates.flatMap((u) => {
          this.delivered.push(clone(u));
          return this.deliverResult(u).createdArticleIds ?? [];
        });
        return created.length ? { createdArticleIds: created } : {};
      };
    }
    if (caps.includes('create')) {
      a.createTicket = async (t) => {
        this.created.push(clone(t));
        const id = String(this.nextId++);
        return { id, number: `2026${id}` };
      };
    }
    if (caps.includes('files')) {
      a.readAttachment = async (_ticketId, articleId, attachment) => {
        const k = `${articleId}/${attachment.id ?? attachment.filename}`;
        this.fileReads.push(k);
        const bytes = this.files.get(k);
        if (!bytes) throw new NotFoundError(`no file ${k}`, { system: this.id, method: 'GET', path: `/files/${k}` });
        return { filename: attachment.filename, contentType: attachment.contentType, size: bytes.length, stream: Readable.from([bytes]) };
      };
    }
    return a;
  }
}

const T0 = new Date('2026-11-20T09:00:00Z');

export function helpdeskTicket(t: Partial<HelpdeskTicket> & { id: string }): HelpdeskTicket {
  return {
    helpdeskId: 'znuny',
    number: `2026${t.id}`,
    title: 'Printer on fire',
    body: 'The printer in room 12 is on fire.',
    state: 'open',
    stateCategory: 'open',
    customer: { email: 'alice@acme.example' },
    createdAt: T0,
    updatedAt: T0,
    ...t,
  };
}

export function article(id: string, body: string, opts: Partial<Article> = {}): Article {
  return {
    id,
    body,
    internal: false,
    author: 'Alice',
    createdAt: new Date(T0.getTime() + Number(id.replace(/\D/g, '') || 0) * 60_000),
    attachments: [],
    ...opts,
  };
}

export function snapshot(ticket: HelpdeskTicket, articles: Article[] = [], timeEntries: TimeEntry[] = []): TicketSnapshot {
  return { ticket, articles, timeEntries };
}
