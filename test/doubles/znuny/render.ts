import { DateTime } from 'luxon';
import { PRIORITIES, QUEUES, type DoubleArticle, type DoubleStore, type DoubleTicket } from './store';

/** An article as TicketGet returns it (03_ticketget_all_flags): numbers for ids, a string SenderTypeID. */
/** Contents only with GetAttachmentContents (03_ticketget_attachments_base64 / _without_contents). */
export function renderArticle(
  store: DoubleStore,
  a: DoubleArticle,
  number: number,
  withAttachments: boolean,
  withContents = false,
): Record<string, unknown> {
  const epoch = Math.floor(DateTime.fromFormat(a.CreateTime, 'yyyy-MM-dd HH:mm:ss', { zone: store.timeZone }).toSeconds());
  const rendered: Record<string, unknown> = {
    ArticleID: a.ArticleID,
    ArticleNumber: number,
    Bcc: '',
    Body: a.Body,
    Cc: '',
    ChangeBy: 2,
    ChangeTime: a.CreateTime,
    Charset: 'utf8',
    CommunicationChannelID: a.CommunicationChannelID,
    ContentCharset: 'utf8',
    ContentType: a.ContentType,
    CreateBy: 2,
    CreateTime: a.CreateTime,
    From: a.From,
    InReplyTo: '',
    IncomingTime: epoch,
    IsVisibleForCustomer: a.IsVisibleForCustomer,
    MessageID: '',
    MimeType: 'text/plain',
    References: '',
    ReplyTo: '',
    SenderType: a.SenderType,
    SenderTypeID: String({ agent: 1, system: 2, customer: 3 }[a.SenderType] ?? 3),
    Subject: a.Subject,
    TicketID: a.TicketID,
    TimeUnit: a.TimeUnit,
    To: a.To,
  };
  if (withAttachments)
    rendered.Attachment = a.Attachment.map((f) => ({
      ...f,
      Content: withContents ? f.Content : '',
      Disposition: 'attachment',
      ContentID: '',
      ContentAlternative: '',
    }));
  return rendered;
}

/** A ticket as TicketGet returns it; the caller adds Article/DynamicField on request. */
export function renderTicket(store: DoubleStore, t: DoubleTicket): Record<string, unknown> {
  const state = store.stateType(t.State);
  const nowEpoch = Math.floor(store.now().getTime() / 1000);
  const createdEpoch = Math.floor(DateTime.fromFormat(t.Created, 'yyyy-MM-dd HH:mm:ss', { zone: store.timeZone }).toSeconds());
  const total = store.articlesOf(t.TicketID).reduce((sum, a) => sum + a.TimeUnit, 0);
  return {
    Age: Math.max(0, nowEpoch - createdEpoch),
    ArchiveFlag: 'n',
    ChangeBy: 2,
    Changed: t.Changed,
    CreateBy: 2,
    Created: t.Created,
    CustomerID: t.CustomerID,
    CustomerUserID: t.CustomerUserID,
    EscalationResponseTime: 0,
    EscalationSolutionTime: 0,
    EscalationTime: 0,
    EscalationUpdateTime: 0,
    GroupID: 1,
    Lock: 'unlock',
    LockID: 1,
    Owner: t.Owner,
    OwnerID: 2,
    Priority: t.Priority,
    PriorityID: PRIORITIES.indexOf(t.Priority) + 1,
    Queue: t.Queue,
    QueueID: QUEUES.indexOf(t.Queue) + 1,
    RealTillTimeNotUsed: t.PendingUntil,
    Responsible: 'root@localhost',
    ResponsibleID: 1,
    SLAID: '',
    ServiceID: '',
    State: t.State,
    StateID: Object.keys(store.stateTypes()).indexOf(t.State) + 1,
    StateType: state,
    TicketID: t.TicketID,
    TicketNumber: t.TicketNumber,
    TimeUnit: total,
    Title: t.Title,
    Type: 'Unclassified',
    TypeID: 1,
    UnlockTimeout: 0,
    UntilTime: t.PendingUntil ? Math.max(0, t.PendingUntil - nowEpoch) : 0,
  };
}

export function renderDynamicFields(t: DoubleTicket): { Name: string; Value: unknown }[] {
  return Object.keys(t.DynamicField)
    .sort()
    .map((name) => ({ Name: name, Value: t.DynamicField[name] }));
}

/** An invoker body (outbound_*.json): Event plus the full ticket with flat DynamicField_ keys and Articles. */
export function renderDelivery(store: DoubleStore, event: Record<string, unknown>, t: DoubleTicket): Record<string, unknown> {
  const articles = store.articlesOf(t.TicketID).map((a, i) => renderArticle(store, a, i + 1, false));
  const flat = Object.fromEntries(Object.entries(t.DynamicField).map(([k, v]) => [`DynamicField_${k}`, v]));
  const current = event.ArticleID ? (articles.find((a) => a.ArticleID === event.ArticleID) ?? {}) : {};
  // Recorded: TicketID is a number for TicketCreate and a string for the other events (outbound_001, outbound_030).
  const ids = { ...event, TicketID: event.Event === 'TicketCreate' ? t.TicketID : String(t.TicketID) };
  return { Event: ids, Ticket: { ...renderTicket(store, t), ...flat, Articles: articles, Article: current } };
}
