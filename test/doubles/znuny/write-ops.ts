import type { ArticleInput, DoubleActions, TicketChanges } from './actions';
import { findTicket } from './read-ops';
import { OpError, invalid, missing } from './op-error';
import { CHANNELS, PRIORITIES, QUEUES, type DoubleStore } from './store';
import { DateTime } from 'luxon';

type Params = Record<string, unknown>;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const obj = (v: unknown): Params | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Params) : undefined);

function fromAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

function article(op: string, raw: Params): ArticleInput {
  if (!raw.ContentType && !(raw.MimeType && raw.Charset)) {
    throw missing(op, 'Article->ContentType or Ticket->MimeType and Article->Charset');
  }
  const channel = String(raw.CommunicationChannel ?? 'Email');
  if (!(channel in CHANNELS)) throw invalid(op, 'Article->CommunicationChannel or Article->CommunicationChannelID');
  if (raw.From !== undefined && raw.From !== '' && !EMAIL.test(fromAddress(String(raw.From)))) throw invalid(op, 'Article->From');
  if (raw.TimeUnit !== undefined && Number.isNaN(Number(raw.TimeUnit))) throw invalid(op, 'Article->TimeUnit');
  return {
    channel: channel as ArticleInput['channel'],
    senderType: (raw.SenderType as ArticleInput['senderType']) ?? 'agent',
    visibleForCustomer: raw.IsVisibleForCustomer === undefined ? true : Number(raw.IsVisibleForCustomer) === 1,
    from: raw.From === undefined ? undefined : String(raw.From),
    to: raw.To === undefined ? undefined : String(raw.To),
    subject: raw.Subject === undefined ? undefined : String(raw.Subject),
    body: String(raw.Body ?? ''),
    contentType: String(raw.ContentType ?? 'text/plain; charset=utf8'),
    timeUnit: raw.TimeUnit === undefined ? 0 : Number(raw.TimeUnit),
    attachments: (Array.isArray(raw.Attachment) ? raw.Attachment : raw.Attachment ? [raw.Attachment] : []).map((f) => {
      const file = obj(f) ?? {};
      return {
        filename: String(file.Filename ?? ''),
        contentType: file.ContentType === undefined ? undefined : String(file.ContentType),
        content: String(file.Content ?? ''),
      };
    }),
  };
}

function dynamicFields(store: DoubleStore, op: string, raw: unknown): Record<string, string | string[] | null> {
  const entries = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const out: Record<string, string | string[] | null> = {};
  for (const e of entries) {
    const f = obj(e);
    if (!f || typeof f.Name !== 'string' || !store.dynamicFieldNames.includes(f.Name)) throw invalid(op, 'DynamicField->Name');
    out[f.Name] = Array.isArray(f.Value) ? f.Value.map(String) : f.Value === null ? null : String(f.Value ?? '');
  }
  return out;
}

function changes(store: DoubleStore, op: string, t: Params): TicketChanges {
  const c: TicketChanges = {};
  if (t.Title !== undefined) c.title = String(t.Title);
  if (t.Queue !== undefined && !QUEUES.includes(String(t.Queue))) throw invalid(op, 'Ticket->QueueID or Ticket->Queue');
  if (t.Queue !== undefined) c.queue = String(t.Queue);
  if (t.Priority !== undefined && !PRIORITIES.includes(String(t.Priority))) throw invalid(op, 'Ticket->PriorityID or Ticket->Priority');
  if (t.Priority !== undefined) c.priority = String(t.Priority);
  if (t.Owner !== undefined) c.owner = String(t.Owner);
  if (t.State !== undefined) {
    if (!(String(t.State) in store.stateTypes())) throw invalid(op, 'Ticket->StateID or Ticket->State');
    c.state = String(t.State);
  }
  if (t.PendingTime !== undefined) {
    const p = obj(t.PendingTime);
    if (!p) throw invalid(op, 'Ticket->PendingTime');
    const at =
      p.Diff !== undefined
        ? DateTime.fromJSDate(store.now()).plus({ minutes: Number(p.Diff) })
        : DateTime.fromObject(
            { year: Number(p.Year), month: Number(p.Month), day: Number(p.Day), hour: Number(p.Hour), minute: Number(p.Minute) },
            { zone: store.timeZone },
          );
    if (!at.isValid) throw invalid(op, 'Ticket->PendingTime');
    c.pendingUntil = Math.floor(at.toSeconds());
  }
  return c;
}

/** TicketCreate: answers ids as strings (02_ticketcreate_*). */
export function ticketCreate(store: DoubleStore, actions: DoubleActions, p: Params): Record<string, unknown> {
  const op = 'TicketCreate';
  const t = obj(p.Ticket);
  if (!t) throw missing(op, 'Ticket');
  if (!t.Title) throw missing(op, 'Ticket->Title');
  if (!t.CustomerUser) throw new OpError(`${op}.MissingParameter`, `${op}: Ticket->CustomerUser parameter is missing!`);
  if (!EMAIL.test(String(t.CustomerUser)) && !/^[\w.-]+$/.test(String(t.CustomerUser))) throw invalid(op, 'Ticket->CustomerUser');
  const rawArticles = Array.isArray(p.Article) ? p.Article : p.Article ? [p.Article] : [];
  if (!rawArticles.length || !rawArticles.every(obj))
    throw new OpError(`${op}.MissingParameter`, `${op}: Article parameter is missing or not valid!`);
  const articles = rawArticles.map((a) => article(op, a as Params));
  const c = changes(store, op, t);
  const fields = dynamicFields(store, op, p.DynamicField);
  const { ticket, articleIds } = actions.createTicket(
    {
      title: String(t.Title),
      customerUser: String(t.CustomerUser),
      customerId: t.CustomerID === undefined ? undefined : String(t.CustomerID),
      queue: c.queue,
      state: c.state,
      priority: c.priority,
      owner: c.owner,
      pendingUntil: c.pendingUntil,
      dynamicFields: fields,
    },
    articles,
  );
  const ArticleID = articleIds.length === 1 ? String(articleIds[0]) : articleIds.map(String);
  return { ArticleID, TicketID: String(ticket.TicketID), TicketNumber: ticket.TicketNumber };
}

/** TicketUpdate: TicketID as a string, ArticleID as a number (05_ticketupdate_article_internal_note). */
export function ticketUpdate(store: DoubleStore, actions: DoubleActions, id: string, p: Params): Record<string, unknown> {
  const op = 'TicketUpdate';
  const ticket = findTicket(store, op, id);
  const c = changes(store, op, obj(p.Ticket) ?? {});
  if (c.state && store.stateType(c.state).startsWith('pending') && c.pendingUntil === undefined) {
    throw new OpError(`${op}.MissingParameter`, "Can't set a ticket on a pending state without pendig time!");
  }
  const fields = dynamicFields(store, op, p.DynamicField);
  const newArticle = obj(p.Article) ? article(op, obj(p.Article)!) : undefined;
  actions.update(ticket, { ...c, dynamicFields: fields });
  const articleId = newArticle ? actions.addArticle(ticket, newArticle) : undefined;
  return { ...(articleId ? { ArticleID: articleId } : {}), TicketID: String(ticket.TicketID), TicketNumber: ticket.TicketNumber };
}
