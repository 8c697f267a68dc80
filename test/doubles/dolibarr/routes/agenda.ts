import { Router } from 'express';
import { addEvent, type DoubleContext } from '../context';
import { body, callerOf, found, intParam, optNum, optStr, requireFields, route } from '../http';
import { columnsOf, runList } from '../list';
import { sanitizeBody } from '../sanitize';
import { agendaEventBody } from '../serialize-tickets';
import { sqlDate } from '../sqlfilter';
import type { AgendaEvent } from '../state';
import { nowTs } from '../state';

export function agendaRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;
  const columns = columnsOf<AgendaEvent>({
    't.id': ['int', (e) => e.id],
    't.code': ['str', (e) => e.code],
    't.label': ['str', (e) => e.label],
    't.elementtype': ['str', (e) => e.elementtype],
    't.fk_element': ['int', (e) => e.elementid],
    't.fk_soc': ['int', (e) => e.socid],
    't.fk_user_action': ['int', (e) => e.userownerid],
    't.datep': ['date', (e) => sqlDate(e.datep)],
    't.datec': ['date', (e) => sqlDate(e.datec)],
  });

  r.get(
    '/agendaevents',
    route((req) => {
      const users = typeof req.query.user_ids === 'string' ? req.query.user_ids.split(',').map(Number) : undefined;
      return runList(req.query, {
        rows: state.events,
        columns,
        errorPrefix: 'Error when retrieve Agenda Event list',
        serialize: agendaEventBody,
        defaultSort: 't.id',
        keep: users ? (e) => users.includes(e.userownerid) : undefined,
      });
    }),
  );
  r.get(
    '/agendaevents/:id',
    route((req) => {
      const id = intParam(req);
      return agendaEventBody(
        found(
          state.events.find((e) => e.id === id),
          'Agenda Event not found',
        ),
      );
    }),
  );
  r.post(
    '/agendaevents',
    route((req) => {
      const b = sanitizeBody(body(req));
      requireFields(b, ['userownerid', 'type_code']);
      const datep = optNum(b.datep) ?? nowTs();
      // ActionComm::create(): code = the given code, else the type code; an owner of 0 is an anonymous (public) event.
      const event = addEvent(ctx, {
        code: optStr(b.code) ?? String(b.type_code),
        type_code: String(b.type_code),
        label: optStr(b.label) ?? '',
        note_private: optStr(b.note_private) ?? optStr(b.note) ?? null,
        email_from: optStr(b.email_from) ?? null,
        fk_contact: optNum(b.contact_id) ?? null,
        elementtype: optStr(b.elementtype) ?? null,
        elementid: optNum(b.fk_element) ?? null,
        socid: optNum(b.socid) ?? null,
        userownerid: Number(b.userownerid),
        datep,
        datef: optNum(b.datef) ?? null,
        percentage: optNum(b.percentage) ?? -1,
        caller: callerOf(b),
      });
      return event.id;
    }),
  );
  return r;
}
