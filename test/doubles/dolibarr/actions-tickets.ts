import { randomBytes } from 'node:crypto';
import { addEvent, autoEvent, nextRef, type DoubleContext } from './context';
import { DolibarrHttpError } from './errors';
import { ticketObject } from './payloads';
import type { Extra, Ticket } from './state';
import { API_USER_ID, nextId, nowTs } from './state';

export interface TicketInput {
  subject: string;
  message: string;
  ref?: string;
  track_id?: string;
  type_code?: string | null;
  category_code?: string | null;
  severity_code?: string | null;
  fk_soc?: number | null;
  fk_project?: number | null;
  fk_contract?: number | null;
  origin_email?: string | null;
  fk_user_assign?: number | null;
  progress?: number;
  status?: number;
  array_options?: Extra;
  note_private?: string | null;
  note_public?: string | null;
  date_read?: number | null;
  date_close?: number | null;
  notify_tiers_at_create?: number;
}

const duplicate = (entry: string, key: string): DolibarrHttpError => {
  const text = `Error Duplicate entry '${entry}' for key '${key}'`;
  return new DolibarrHttpError(500, 'Error creating ticket', [text, text]);
};

const randomTrackId = (): string => Array.from(randomBytes(16), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

/**
 * Dolibarr's TICKET_CREATE trigger e-mails the ticket's third party ("your ticket was created", with its track id)
 * unless `notify_tiers_at_create` is 0; the API takes 1 when the field is absent.
 */
function notifyCustomerOfCreation(ctx: DoubleContext, ticket: Ticket, notify: number | undefined): void {
  if (notify === 0) return;
  const email = ctx.state.thirdparties.find((t) => t.id === ticket.fk_soc)?.email;
  if (email) ctx.state.emails.push({ to: email, reason: 'ticket created', ticketRef: ticket.ref });
}

/** Creates a ticket; refs and track ids are unique like Dolibarr's uk_ticket_ref / uk_ticket_track_id. */
export function createTicket(ctx: DoubleContext, input: TicketInput, caller?: string): Ticket {
  const { state } = ctx;
  if (input.ref !== undefined && state.tickets.some((t) => t.ref === input.ref)) throw duplicate(`${input.ref}-1`, 'uk_ticket_ref');
  if (input.track_id !== undefined && state.tickets.some((t) => t.track_id === input.track_id)) throw duplicate(input.track_id, 'uk_ticket_track_id');
  let ref = input.ref;
  while (ref === undefined || state.tickets.some((t) => t.ref === ref)) ref = nextRef(ctx, 'TS');
  const now = nowTs();
  const ticket: Ticket = {
    id: nextId(state, 'tickets'),
    ref,
    track_id: input.track_id ?? randomTrackId(),
    subject: input.subject,
    message: input.message,
    fk_statut: input.status ?? 0,
    type_code: input.type_code ?? null,
    category_code: input.category_code ?? null,
    severity_code: input.severity_code ?? null,
    fk_soc: input.fk_soc ?? null,
    fk_project: input.fk_project ?? null,
    fk_contract: input.fk_contract ?? null,
    origin_email: input.origin_email ?? null,
    fk_user_create: API_USER_ID,
    fk_user_assign: input.fk_user_assign ?? null,
    progress: input.progress ?? 0,
    datec: now,
    tms: now,
    date_read: input.date_read ?? null,
    date_close: input.date_close ?? null,
    array_options: input.array_options ?? {},
    note_private: input.note_private ?? null,
    note_public: input.note_public ?? null,
  };
  state.tickets.push(ticket);
  notifyCustomerOfCreation(ctx, ticket, input.notify_tiers_at_create);
  autoEvent(ctx, 'TICKET_CREATE', `Ticket ${ticket.ref} created`, 'ticket', ticket.id, ticket.fk_soc);
  const sent = input.status ?? null;
  // The freshly inserted object still has int id/entity (recorded TICKET_CREATE).
  ctx.hooks.emit('TICKET_CREATE', { ...ticketObject(state, ticket, sent, sent, caller), id: ticket.id, entity: 1 });
  return ticket;
}

export type TicketChanges = Partial<Omit<TicketInput, 'ref' | 'track_id' | 'status'>> & {
  status?: number;
  date_close?: number | null;
  date_read?: number | null;
};

/** PUT /tickets/{id}: only `status` changes the status; fires ACTION_CREATE (auto event) then TICKET_MODIFY. */
export function updateTicket(ctx: DoubleContext, ticket: Ticket, changes: TicketChanges, caller?: string): Ticket {
  const oldStatus = ticket.fk_statut;
  const { status, array_options: options, ...fields } = changes;
  Object.assign(ticket, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  if (status !== undefined) ticket.fk_statut = status;
  if (options) ticket.array_options = { ...ticket.array_options, ...options };
  ticket.tms = nowTs();
  autoEvent(ctx, 'TICKET_MODIFY', `Ticket ${ticket.ref} modified`, 'ticket', ticket.id, ticket.fk_soc);
  ctx.hooks.emit('TICKET_MODIFY', ticketObject(ctx.state, ticket, oldStatus, ticket.fk_statut, caller));
  return ticket;
}

/** A message is an agenda event TICKET_MSG(_PRIVATE) labelled with the subject; only ACTION_CREATE fires. */
export function addTicketMessage(ctx: DoubleContext, ticket: Ticket, message: string, isPrivate: boolean): void {
  addEvent(ctx, {
    code: isPrivate ? 'TICKET_MSG_PRIVATE' : 'TICKET_MSG',
    label: ticket.subject,
    note_private: message,
    elementtype: 'ticket',
    elementid: ticket.id,
    socid: ticket.fk_soc,
    datef: null,
  });
}

/** The ticket's agenda events are left orphaned, as in Dolibarr. */
export function deleteTicket(ctx: DoubleContext, ticket: Ticket): void {
  autoEvent(ctx, 'TICKET_DELETE', `Ticket ${ticket.ref} deleted`, 'ticket', ticket.id, ticket.fk_soc);
  ctx.state.tickets = ctx.state.tickets.filter((t) => t.id !== ticket.id);
  delete ctx.state.documents[ticket.id];
  const object = ticketObject(ctx.state, ticket, ticket.fk_statut, ticket.fk_statut);
  ctx.hooks.emit('TICKET_DELETE', { ...object, status: String(ticket.fk_statut) });
}
