import { renderArticle, renderDynamicFields, renderTicket } from './render';
import { OpError, accessDenied } from './op-error';
import type { DoubleStore, DoubleTicket } from './store';

type Params = Record<string, unknown>;

const flag = (v: unknown) => v === 1 || v === '1' || v === true;
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

export function findTicket(store: DoubleStore, op: string, id: string): DoubleTicket {
  const ticket = /^\d+$/.test(id) ? store.tickets.get(Number(id)) : undefined;
  if (!ticket) throw accessDenied(op);
  return ticket;
}

/** TicketGet: a comma list of ids; one missing id fails the whole call. */
export function ticketGet(store: DoubleStore, ids: string, p: Params): Record<string, unknown> {
  const tickets = ids.split(',').map((id) => findTicket(store, 'TicketGet', id));
  return {
    Ticket: tickets.map((t) => {
      const out = renderTicket(store, t);
      if (flag(p.DynamicFields)) out.DynamicField = renderDynamicFields(t);
      if (flag(p.AllArticles)) {
        const senders = list(p.ArticleSenderType);
        out.Article = store
          .articlesOf(t.TicketID)
          .map((a, i) => ({ a, n: i + 1 }))
          .filter(({ a }) => !senders.length || senders.includes(a.SenderType))
          .map(({ a, n }) => renderArticle(store, a, n, flag(p.Attachments), flag(p.GetAttachmentContents)));
      }
      return out;
    }),
  };
}

const DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const SORT_KEYS: Record<string, (t: DoubleTicket) => string | number> = {
  Changed: (t) => t.Changed,
  Created: (t) => t.Created,
  Age: (t) => t.Created,
  TicketNumber: (t) => t.TicketNumber,
  Title: (t) => t.Title,
  Queue: (t) => t.Queue,
  Priority: (t) => t.Priority,
};

/**
 * TicketSearch with the filters the plugin uses. Like Znuny: unknown parameters are ignored,
 * a bad date or sort key gives `{}`, Limit 0/absent means 500, and an empty result is `{}`.
 */
export function ticketSearch(store: DoubleStore, p: Params): Record<string, unknown> {
  let tickets = [...store.tickets.values()];
  for (const [key, cmp] of [
    ['TicketLastChangeTimeNewerDate', 1],
    ['TicketLastChangeTimeOlderDate', -1],
  ] as const) {
    const value = p[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !DATE.test(value)) return {};
    tickets = tickets.filter((t) => (cmp === 1 ? t.Changed >= value : t.Changed <= value));
  }
  const ids = list(p.TicketID);
  if (ids.length) tickets = tickets.filter((t) => ids.includes(String(t.TicketID)));
  const numbers = list(p.TicketNumber);
  if (numbers.length) tickets = tickets.filter((t) => numbers.includes(t.TicketNumber));
  const queues = list(p.Queues);
  if (queues.length) tickets = tickets.filter((t) => queues.includes(t.Queue));
  const states = list(p.States);
  if (states.length) tickets = tickets.filter((t) => states.includes(t.State));
  const types = list(p.StateType);
  if (types.length) tickets = tickets.filter((t) => types.includes(store.stateType(t.State)));
  for (const [key, cond] of Object.entries(p)) {
    if (!key.startsWith('DynamicField_') || !cond || typeof cond !== 'object' || !('Equals' in cond)) continue;
    const name = key.slice('DynamicField_'.length);
    tickets = tickets.filter((t) => t.DynamicField[name] === String((cond as { Equals: unknown }).Equals));
  }
  const sortBy = list(p.SortBy);
  const orderBy = list(p.OrderBy);
  if (sortBy.some((k) => !SORT_KEYS[k])) return {};
  const keys = sortBy.length ? sortBy : ['Created'];
  const dirs = sortBy.length ? keys.map((_, i) => ((orderBy[i] ?? orderBy[0] ?? 'Up') === 'Down' ? -1 : 1)) : [-1];
  tickets.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const [x, y] = [SORT_KEYS[keys[i]](a), SORT_KEYS[keys[i]](b)];
      if (x !== y) return (x < y ? -1 : 1) * dirs[i];
    }
    return sortBy.length ? 0 : b.TicketID - a.TicketID;
  });
  const limit = Number(p.Limit) > 0 ? Number(p.Limit) : 500;
  const found = tickets.slice(0, limit).map((t) => String(t.TicketID));
  return found.length ? { TicketID: found } : {};
}

export function ticketHistoryGet(store: DoubleStore, id: string): Record<string, unknown> {
  const ticket = /^\d+$/.test(id) ? store.tickets.get(Number(id)) : undefined;
  if (!ticket) throw new OpError('TicketHistoryGet.AccessDenied', `TicketHistoryGet: User does not have access to the ticket ${id}!`);
  const history = store.history
    .filter((h) => h.TicketID === ticket.TicketID)
    .map((h) => ({
      ...h,
      CreateBy: 2,
      HistoryTypeID: 1,
      OwnerID: 2,
      PriorityID: 3,
      QueueID: 1,
      StateID: 1,
      TicketID: String(h.TicketID),
      TypeID: 1,
    }));
  return { TicketHistory: [{ TicketID: String(ticket.TicketID), History: history }] };
}
