import { NOTE_TEMPLATE, TICKET_TEMPLATE } from './recorded';
import { LISTS, TICKET_TYPES, nameOf, type Note, type PqStore, type Ticket } from './store';

type Row = Record<string, string>;

/** ProjeQtor flattens text on output: newlines and tabs become spaces, runs collapse, values are trimmed. */
function flat(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** A key's value before anything is written: the recorded zero flags and amounts, else "" (null). */
function blank(key: string): string {
  return /^0(\.0+)?$/.test(TICKET_TEMPLATE[key] ?? '') ? TICKET_TEMPLATE[key]! : '';
}

function displayName(store: PqStore, idKey: string, id: string): string {
  if (!id) return '';
  if (idKey === 'idProject') return store.project(id)?.name ?? '';
  if (idKey === 'idTicketType') return TICKET_TYPES.find((t) => t.id === id)?.name ?? '';
  if (idKey === 'idUser') return store.users.find((u) => u.id === id)?.resourceName ?? '';
  const list = LISTS[idKey as keyof typeof LISTS];
  return list ? nameOf(list, id) : '';
}

/** The ticket as GET /api/Ticket answers it: every recorded key, all strings, each idX with its nameX. */
export function renderTicket(store: PqStore, ticket: Ticket): Row {
  const row: Row = {};
  for (const key of Object.keys(TICKET_TEMPLATE)) {
    if (key === 'id') row.id = ticket.id;
    else if (key === 'reference') row.reference = ticket.reference;
    else if (key === 'creationDateTime') row.creationDateTime = ticket.creationDateTime;
    else if (key === 'lastUpdateDateTime') row.lastUpdateDateTime = ticket.lastUpdateDateTime;
    else if (key.length > 4 && key.startsWith('name') && `id${key.slice(4)}` in TICKET_TEMPLATE)
      row[key] = displayName(store, `id${key.slice(4)}`, ticket.fields[`id${key.slice(4)}`] ?? '');
    else row[key] = flat(ticket.fields[key] ?? blank(key));
  }
  return row;
}

/** The object part of a failed insert: every key empty except the issuer. */
export function emptyTicket(userId: string): Row {
  return Object.fromEntries(Object.keys(TICKET_TEMPLATE).map((k) => [k, k === 'idUser' ? userId : '']));
}

export function renderNote(store: PqStore, note: Note): Row {
  const ticket = note.refType === 'Ticket' ? store.tickets.get(note.refId) : undefined;
  const values: Row = {
    id: note.id,
    idProject: ticket?.fields.idProject ?? '',
    nameProject: displayName(store, 'idProject', ticket?.fields.idProject ?? ''),
    refType: note.refType,
    refId: note.refId,
    idUser: note.idUser,
    nameUser: displayName(store, 'idUser', note.idUser),
    creationDate: note.creationDate,
    note: flat(note.note),
    idPrivacy: note.idPrivacy,
    namePrivacy: displayName(store, 'idPrivacy', note.idPrivacy),
    refName: flat(ticket?.fields.name ?? ''),
  };
  return Object.fromEntries(Object.keys(NOTE_TEMPLATE).map((k) => [k, values[k] ?? NOTE_TEMPLATE[k] ?? '']));
}
