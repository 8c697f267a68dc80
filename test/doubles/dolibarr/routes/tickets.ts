import { Router } from 'express';
import { addTicketMessage, createTicket, deleteTicket, updateTicket, type TicketChanges } from '../actions-tickets';
import type { DoubleContext } from '../context';
import { badRequest } from '../errors';
import { body, callerOf, found, intParam, optNum, optStr, requireFields, route } from '../http';
import { columnsOf, runList } from '../list';
import { sanitizeBody } from '../sanitize';
import { ticketBody } from '../serialize-tickets';
import { sqlDate } from '../sqlfilter';
import type { Extra, Ticket } from '../state';

function ticketColumns(ctx: DoubleContext) {
  return columnsOf<Ticket>(
    {
      't.rowid': ['int', (t) => t.id],
      't.ref': ['str', (t) => t.ref],
      't.track_id': ['str', (t) => t.track_id],
      't.fk_statut': ['int', (t) => t.fk_statut],
      't.fk_soc': ['int', (t) => t.fk_soc],
      't.fk_project': ['int', (t) => t.fk_project],
      't.fk_contract': ['int', (t) => t.fk_contract],
      't.origin_email': ['str', (t) => t.origin_email],
      't.subject': ['str', (t) => t.subject],
      't.type_code': ['str', (t) => t.type_code],
      't.category_code': ['str', (t) => t.category_code],
      't.severity_code': ['str', (t) => t.severity_code],
      't.fk_user_assign': ['int', (t) => t.fk_user_assign],
      't.progress': ['int', (t) => t.progress],
      't.datec': ['date', (t) => sqlDate(t.datec)],
      't.tms': ['date', (t) => sqlDate(t.tms)],
      't.entity': ['int', () => 1],
    },
    { state: ctx.state, elementtype: 'ticket', get: (t) => t.array_options },
  );
}

const fields = (b: Record<string, unknown>): TicketChanges => ({
  subject: optStr(b.subject) ?? undefined,
  message: optStr(b.message) ?? undefined,
  type_code: optStr(b.type_code),
  category_code: optStr(b.category_code),
  severity_code: optStr(b.severity_code),
  fk_soc: optNum(b.fk_soc),
  fk_project: optNum(b.fk_project),
  fk_contract: optNum(b.fk_contract),
  origin_email: optStr(b.origin_email),
  fk_user_assign: optNum(b.fk_user_assign),
  progress: optNum(b.progress) ?? undefined,
  array_options: b.array_options && typeof b.array_options === 'object' ? (b.array_options as Extra) : undefined,
  note_private: optStr(b.note_private),
  note_public: optStr(b.note_public),
});

/** Ticket::update() writes a date as given, and NULL for an empty value (a reopened ticket). */
const dateChange = (v: unknown): number | null | undefined => (v === undefined ? undefined : v === '' || v === null ? null : Number(v));

export function ticketsRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;
  const byId = (id: number): Ticket =>
    found(
      state.tickets.find((t) => t.id === id),
      'Ticket not found',
    );

  r.get(
    '/tickets',
    route((req) => {
      const socid = optNum(req.query.socid);
      return runList(req.query, {
        rows: state.tickets,
        columns: ticketColumns(ctx),
        errorPrefix: 'Error when retrieve ticket list',
        serialize: (t) => ticketBody(state, t, 'list'),
        keep: socid ? (t) => t.fk_soc === socid : undefined,
      });
    }),
  );
  r.get(
    '/tickets/ref/:ref',
    route((req) =>
      ticketBody(
        state,
        found(
          state.tickets.find((t) => t.ref === req.params.ref),
          'Ticket not found',
        ),
        'get',
      ),
    ),
  );
  r.get(
    '/tickets/track_id/:tid',
    route((req) =>
      ticketBody(
        state,
        found(
          state.tickets.find((t) => t.track_id === req.params.tid),
          'Ticket not found',
        ),
        'get',
      ),
    ),
  );
  r.get(
    '/tickets/:id',
    route((req) => ticketBody(state, byId(intParam(req)), 'get')),
  );

  r.post(
    '/tickets/newmessage',
    route((req) => {
      const b = sanitizeBody(body(req));
      requireFields(b, ['track_id', 'message']);
      const ticket = found(
        state.tickets.find((t) => t.track_id === String(b.track_id)),
        'Ticket not found',
      );
      addTicketMessage(ctx, ticket, String(b.message), Number(b.private ?? 0) === 1);
      return String(ticket.id);
    }),
  );

  r.post(
    '/tickets',
    route((req) => {
      const b = sanitizeBody(body(req));
      requireFields(b, ['subject', 'message']);
      const f = fields(b);
      const ticket = createTicket(
        ctx,
        {
          ...f,
          subject: String(b.subject),
          message: String(b.message),
          ref: optStr(b.ref) ?? undefined,
          track_id: optStr(b.track_id) ?? undefined,
          status: optNum(b.status) ?? undefined,
          date_read: dateChange(b.date_read) ?? null,
          date_close: dateChange(b.date_close) ?? null,
          notify_tiers_at_create: optNum(b.notify_tiers_at_create) ?? undefined,
        },
        callerOf(b),
      );
      return ticket.id;
    }),
  );

  r.put(
    '/tickets/:id',
    route((req) => {
      const ticket = byId(intParam(req));
      const b = sanitizeBody(body(req));
      // fk_statut is not a writable field: only `status` changes the status (recorded).
      const status = optNum(b.status);
      if (b.status !== undefined && (status === null || status === undefined)) throw badRequest('invalid value specified for `status`');
      const dates = { date_close: dateChange(b.date_close), date_read: dateChange(b.date_read) };
      updateTicket(ctx, ticket, { ...fields(b), ...dates, status: status ?? undefined }, callerOf(b));
      return ticketBody(state, ticket, 'get');
    }),
  );

  r.delete(
    '/tickets/:id',
    route((req) => {
      deleteTicket(ctx, byId(intParam(req)));
      return { success: { code: 200, message: 'Ticket deleted' } };
    }),
  );
  return r;
}
