import { z } from 'zod';
import { ConnectionError, ServerError, TimeoutError } from '../../plugin-sdk';
import type { NewTicket, NewTicketMessage, TicketListFilter, TicketUpdate } from './api';
import type { DolibarrCore } from './core';
import { wasNotSent } from './http-transport';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { segment } from './path';
import { backoffMs } from './retry-policy';
import { createdId, toArrayOptions, unixSeconds } from './schema-primitives';
import { agendaEventSchema, ticketSchema } from './schemas';
import { buildSqlFilters, type Condition } from './sqlfilters';
import type { DolAgendaEvent, DolTicket } from './types';

/** Tickets and their messages (agenda events). */

export function getTicket(core: DolibarrCore, id: number): Promise<DolTicket | null> {
  return core.find({ method: 'GET', path: `/tickets/${id}`, schema: ticketSchema });
}

export function getTicketByRef(core: DolibarrCore, ref: string): Promise<DolTicket | null> {
  return core.find({ method: 'GET', path: `/tickets/ref/${segment(ref)}`, schema: ticketSchema });
}

export function getTicketByTrackId(core: DolibarrCore, trackId: string): Promise<DolTicket | null> {
  return core.find({ method: 'GET', path: `/tickets/track_id/${segment(trackId)}`, schema: ticketSchema });
}

/** A failure after which the ticket may or may not exist. */
function isAmbiguous(err: unknown): boolean {
  if (wasNotSent(err)) return false;
  return err instanceof ConnectionError || err instanceof TimeoutError || (err instanceof ServerError && (err.status ?? 0) >= 500);
}

/**
 * Always sends the bridge's own ref and track_id (auto refs collide under concurrency).
 * After an ambiguous failure the ticket is looked up by track_id before creating it again,
 * so a create that succeeded despite a timeout is not duplicated. The answer is the ticket as
 * written, without reading it back: Dolibarr answers only the id and stores the values as sent.
 */
export async function createTicket(core: DolibarrCore, input: NewTicket): Promise<DolTicket> {
  const body = {
    ref: input.ref,
    track_id: input.trackId,
    subject: input.subject,
    message: input.message,
    type_code: input.typeCode,
    category_code: input.categoryCode,
    severity_code: input.severityCode,
    fk_soc: input.socid,
    fk_contract: input.contractId,
    origin_email: input.originEmail,
    fk_user_assign: input.userAssignId,
    status: input.status,
    progress: input.progress,
    date_close: input.closedAt ? unixSeconds(input.closedAt) : undefined,
    date_read: input.readAt ? unixSeconds(input.readAt) : undefined,
    array_options: input.extrafields ? toArrayOptions(input.extrafields) : undefined,
    // Dolibarr e-mails the third party "your ticket was created" unless told not to; the helpdesk already answered.
    notify_tiers_at_create: 0,
    caller: core.caller,
  };
  const { policy, sleep, random, logger } = core.deps;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const id = await core.get({ method: 'POST', path: '/tickets', body, schema: createdId, retry: 'unsent-only' });
      return asCreated(id, input);
    } catch (err) {
      if (!isAmbiguous(err) || attempt >= policy.maxRetries) throw err;
      logger.warn('dolibarr ticket create ambiguous, checking track_id', { trackId: input.trackId, error: (err as Error).message });
      await sleep(backoffMs(attempt, policy, random));
      const existing = await getTicketByTrackId(core, input.trackId);
      if (existing) return existing;
    }
  }
}

function asCreated(id: number, input: NewTicket): DolTicket {
  return {
    id,
    ref: input.ref,
    trackId: input.trackId,
    subject: input.subject,
    message: input.message,
    status: input.status ?? 0,
    typeCode: input.typeCode ?? null,
    categoryCode: input.categoryCode ?? null,
    severityCode: input.severityCode ?? null,
    socid: input.socid ?? null,
    contractId: input.contractId ?? null,
    projectId: null,
    originEmail: input.originEmail ?? null,
    userAssignId: input.userAssignId ?? null,
    // Opened through the API by the bridge's user.
    origin: 'user',
    progress: input.progress ?? null,
    createdAt: null,
    modifiedAt: null,
    closedAt: input.closedAt ?? null,
    readAt: input.readAt ?? null,
    extrafields: input.extrafields ?? {},
  };
}

/** An async generator, so a refused filter surfaces on iteration like any other list error. */
export async function* listTickets(core: DolibarrCore, filter: TicketListFilter = {}): AsyncGenerator<DolTicket> {
  const conditions: Condition[] = [];
  // `tms` is compared as a string in the database's time zone; Dolibarr's DB session runs in UTC.
  if (filter.modifiedSince) conditions.push({ field: 't.tms', op: '>=', value: filter.modifiedSince });
  if (filter.statuses?.length) conditions.push({ field: 't.fk_statut', op: 'in', value: filter.statuses });
  if (filter.contractId !== undefined) conditions.push({ field: 't.fk_contract', op: '=', value: filter.contractId });
  if (filter.originEmail !== undefined) conditions.push({ field: 't.origin_email', op: '=', value: filter.originEmail });
  for (const [name, value] of Object.entries(filter.extrafields ?? {})) conditions.push({ field: `ef.${name}`, op: '=', value });
  if (filter.refPrefix) conditions.push({ field: 't.ref', op: 'like', value: { startsWith: filter.refPrefix } });
  const sortField = filter.sortField ?? 'rowid';
  const items = core.list(
    {
      method: 'GET',
      path: '/tickets',
      query: { socid: filter.socid, sqlfilters: buildSqlFilters(conditions, '/tickets'), sortfield: `t.${sortField}`, sortorder: 'ASC' },
      schema: z.array(ticketSchema),
    },
    filter.pageSize ?? DEFAULT_PAGE_SIZE,
  );
  const prefix = filter.refPrefix;
  yield* prefix ? onlyWhere(items, (t) => t.ref.startsWith(prefix)) : items;
}

async function* onlyWhere<T>(items: AsyncIterable<T>, keep: (item: T) => boolean): AsyncGenerator<T> {
  for await (const item of items) if (keep(item)) yield item;
}

/** A date Dolibarr's ticket update writes as is (unix seconds), or '' to clear it (update() writes null for an empty value). */
function dateField(d: Date | null | undefined): number | string | undefined {
  if (d === undefined) return undefined;
  return d === null ? '' : unixSeconds(d);
}

export function updateTicket(core: DolibarrCore, id: number, update: TicketUpdate): Promise<DolTicket> {
  return core.get({
    method: 'PUT',
    path: `/tickets/${id}`,
    body: {
      subject: update.subject,
      message: update.message,
      // `status`, not `fk_statut`: Dolibarr silently ignores fk_statut on PUT.
      status: update.status,
      type_code: update.typeCode,
      category_code: update.categoryCode,
      severity_code: update.severityCode,
      fk_soc: update.socid,
      fk_contract: update.contractId,
      fk_user_assign: update.userAssignId,
      progress: update.progress,
      date_close: dateField(update.closedAt),
      date_read: dateField(update.readAt),
      origin_email: update.originEmail === null ? '' : update.originEmail,
      array_options: update.extrafields ? toArrayOptions(update.extrafields) : undefined,
      caller: core.caller,
    },
    schema: ticketSchema,
  });
}

/**
 * A message as the agenda event Dolibarr's own newmessage creates (ticket.class.php createTicketMessage: type
 * AC_OTH_AUTO, code TICKET_MSG or TICKET_MSG_PRIVATE, text in note_private, linked by elementtype/fk_element),
 * because POST /agendaevents answers the new message's id where newmessage answers only the ticket's, and with a
 * title naming the author where newmessage titles every message with the ticket subject. An owner of 0 with
 * email_from is how Dolibarr records a public-portal customer's message. Recorded: agendaevent_create_ticket_message*.json.
 */
export function postTicketMessage(core: DolibarrCore, input: NewTicketMessage, authorUserId: number, now: Date): Promise<number> {
  return core.get({
    method: 'POST',
    path: '/agendaevents',
    body: {
      type_code: 'AC_OTH_AUTO',
      code: input.private ? 'TICKET_MSG_PRIVATE' : 'TICKET_MSG',
      label: input.label,
      note_private: input.text,
      elementtype: 'ticket',
      fk_element: input.ticketId,
      socid: input.socid,
      datep: unixSeconds(input.date ?? now),
      userownerid: authorUserId,
      email_from: input.emailFrom,
      contact_id: input.contactId,
      percentage: -1,
      caller: core.caller,
    },
    schema: createdId,
  });
}

const MESSAGE_CODES = new Set(['TICKET_MSG', 'TICKET_MSG_PRIVATE']);

/** Real ticket messages of every ticket created at or after a time: the poll's net for lost ACTION_CREATE webhooks. */
export async function* listTicketMessagesSince(core: DolibarrCore, since: Date): AsyncGenerator<DolAgendaEvent> {
  const sqlfilters = buildSqlFilters(
    [
      { field: 't.elementtype', op: '=', value: 'ticket' },
      { field: 't.code', op: 'like', value: { startsWith: 'TICKET_MSG' } },
      { field: 't.datec', op: '>=', value: since },
    ],
    '/agendaevents',
  );
  const pages = core.list(
    { method: 'GET', path: '/agendaevents', query: { sqlfilters, sortfield: 't.id', sortorder: 'ASC' }, schema: z.array(agendaEventSchema) },
    DEFAULT_PAGE_SIZE,
  );
  for await (const event of pages) if (event.code !== null && MESSAGE_CODES.has(event.code)) yield event;
}

/** Real messages only, oldest first (ties by id): GET /tickets/{id} mixes in automatic events and has no code. */
export async function listTicketMessages(core: DolibarrCore, ticketId: number): Promise<DolAgendaEvent[]> {
  const sqlfilters = buildSqlFilters(
    [
      { field: 't.elementtype', op: '=', value: 'ticket' },
      { field: 't.fk_element', op: '=', value: ticketId },
      { field: 't.code', op: 'like', value: { startsWith: 'TICKET_MSG' } },
    ],
    '/agendaevents',
  );
  const events = await collect(
    core.list(
      { method: 'GET', path: '/agendaevents', query: { sqlfilters, sortfield: 't.datep', sortorder: 'ASC' }, schema: z.array(agendaEventSchema) },
      DEFAULT_PAGE_SIZE,
    ),
  );
  const time = (e: DolAgendaEvent) => (e.datep ?? e.createdAt)?.getTime() ?? 0;
  return events.filter((e) => e.code !== null && MESSAGE_CODES.has(e.code)).sort((a, b) => time(a) - time(b) || a.id - b.id);
}
