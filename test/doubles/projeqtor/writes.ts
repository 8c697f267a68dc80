import { TICKET_TEMPLATE } from './recorded';
import { emptyTicket, renderNote, renderTicket } from './render';
import type { PqStore, Ticket, User } from './store';

type Row = Record<string, string>;
type Item = Record<string, unknown>;

/** One write result as ProjeQtor gives it: apiResult, its message, then the object re-read. */
function result(apiResult: 'OK' | 'INVALID' | 'ERROR' | 'NO_CHANGE', message: string, object: Row): Row {
  return { apiResult, apiResultMessage: message, ...object };
}

/** The recorded control messages, HTML fragments included. */
const MANDATORY = (label: string, field: string, tab: string) =>
  `Invalid controls. the field '${label}' is mandatory<input id="firstFieldRequired" value="${field}" hidden /><input id="firstTabdRequired" value="${tab}" hidden /><input id="isSepcificObj" value="" hidden />`;
const NO_RIGHT_CREATE = `Invalid controls. you don't have rights to create this item <span style="font-style:italic">(Ticket)</span>`;
const NO_RIGHT_UPDATE = (id: string) =>
  `Invalid controls. you don't have rights to update this item <span style="font-style:italic">(Ticket #${id})</span>`;

/** Keys a client may write: the recorded ones, less what the server computes. */
const COMPUTED = new Set(['id', 'reference', 'creationDateTime', 'lastUpdateDateTime']);
const WRITABLE = Object.keys(TICKET_TEMPLATE).filter(
  (k) => !COMPUTED.has(k) && !(k.length > 4 && k.startsWith('name') && `id${k.slice(4)}` in TICKET_TEMPLATE),
);

/** Present, non-null keys as strings; unknown keys are dropped and null ignored, as recorded. */
function written(item: Item): Row {
  const out: Row = {};
  for (const key of WRITABLE) {
    const v = item[key];
    if (v !== undefined && v !== null) out[key] = String(v);
  }
  return out;
}

function notNumeric(values: Row): string | undefined {
  for (const [key, value] of Object.entries(values)) {
    if (/^id[A-Z]/.test(key) && value !== '' && !/^\d+$/.test(value)) {
      const field = key.slice(2, 3).toLowerCase() + key.slice(3);
      return `Invalid controls. value of field ${field}='${value}' is not a valid numeric`;
    }
  }
  return undefined;
}

export function writeTicket(store: PqStore, user: User, item: Item): Row {
  const values = written(item);
  const bad = notNumeric(values);
  if (item.id !== undefined && item.id !== null && String(item.id) !== '') {
    const id = String(item.id);
    const ticket = store.tickets.get(id);
    if (!ticket) return result('ERROR', `Element Ticket #${id} has not been found in database.`, emptyTicket(user.id));
    if (!store.visible(user, ticket)) return result('INVALID', NO_RIGHT_UPDATE(id), renderTicket(store, ticket));
    if (bad) return result('INVALID', bad, renderTicket(store, ticket));
    const changed = Object.keys(values).filter((k) => (ticket.fields[k] ?? '') !== values[k]);
    if (!changed.length) return result('NO_CHANGE', `No change to update on Ticket #${id}`, renderTicket(store, ticket));
    for (const key of changed) {
      ticket.fields[key] = values[key]!;
      store.log('Ticket', id, key);
    }
    ticket.lastUpdateDateTime = store.localNow();
    return result('OK', `Ticket #${id} updated`, renderTicket(store, ticket));
  }
  const failed = (message: string) => result('INVALID', message, emptyTicket(user.id));
  if (!values.idProject || !user.projects.includes(values.idProject)) return failed(NO_RIGHT_CREATE);
  if (!values.name) return failed(MANDATORY('name', 'name', 'description'));
  if (!values.idTicketType) return failed(MANDATORY('type', 'idTicketType', 'description'));
  if (!values.idStatus) return failed(MANDATORY('status', 'idStatus', 'treatment'));
  if (bad) return failed(bad);
  const now = store.localNow();
  const ticket: Ticket = {
    id: store.nextTicketId(),
    reference: store.nextReference(values.idProject, values.idTicketType),
    fields: { idUser: user.id, ...values },
    // Recorded: creationDateTime is truncated to the minute, lastUpdateDateTime keeps its seconds.
    creationDateTime: `${now.slice(0, 16)}:00`,
    lastUpdateDateTime: now,
  };
  store.tickets.set(ticket.id, ticket);
  store.log('Ticket', ticket.id, '');
  return result('OK', `Ticket #${ticket.id} inserted`, renderTicket(store, ticket));
}

/** Notes: no check on refId nor on the text (both recorded); rights follow the parent ticket. */
export function writeNote(store: PqStore, user: User, item: Item): Row {
  const str = (v: unknown, fallback: string) => (v === undefined || v === null ? fallback : String(v));
  if (item.id !== undefined && item.id !== null) {
    const note = store.notes.get(String(item.id));
    if (!note) return result('ERROR', `Element Note #${String(item.id)} has not been found in database.`, {});
    note.note = str(item.note, note.note);
    store.log('Note', note.id, 'note');
    return result('OK', `Note #${note.id} updated`, renderNote(store, note));
  }
  const refType = str(item.refType, '');
  const refId = str(item.refId, '');
  const parent = refType === 'Ticket' ? store.tickets.get(refId) : undefined;
  if (parent && !store.visible(user, parent)) return result('INVALID', "Invalid controls. you don't have rights to update this item", {});
  const note = {
    id: store.nextNoteId(),
    refType,
    refId,
    note: str(item.note, ''),
    idPrivacy: str(item.idPrivacy, '1'),
    creationDate: str(item.creationDate, ''),
    idUser: user.id,
  };
  store.notes.set(note.id, note);
  store.log('Note', note.id, '');
  // A note is logged under its ticket, which therefore shows up in /Ticket/updated (recorded).
  if (refType === 'Ticket') store.log('Ticket', refId, `|Note|${note.id}`);
  return result('OK', `Note #${note.id} inserted`, renderNote(store, note));
}

export function deleteTicket(store: PqStore, user: User, item: Item): Row | undefined {
  const ticket = store.tickets.get(String(item.id ?? ''));
  if (!ticket) return undefined;
  if (!store.visible(user, ticket))
    return result(
      'INVALID',
      `Invalid controls. you don't have rights to delete this item <span style="font-style:italic">(Ticket #${ticket.id})</span>`,
      renderTicket(store, ticket),
    );
  store.tickets.delete(ticket.id);
  for (const [id, note] of store.notes) if (note.refType === 'Ticket' && note.refId === ticket.id) store.notes.delete(id);
  return result('OK', `Ticket #${ticket.id} deleted`, emptyTicket(user.id));
}
