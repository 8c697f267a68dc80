import dictionaries from './templates/dictionaries.json';
import { arrayOptions, idStr, rest, type Body } from './shape';
import type { AgendaEvent, DoubleState, Ticket } from './state';
import { userName } from './state';

type DictName = 'ticket_types' | 'ticket_categories' | 'ticket_severities';
/** Unknown codes are stored as given and read back with a null label, as Dolibarr does. */
export function dictLabel(dict: DictName, code: string | null): string | null {
  return (dictionaries[dict] as Array<{ code: string; label: string }>).find((e) => e.code === code)?.label ?? null;
}

export function ticketBody(state: DoubleState, t: Ticket, mode: 'get' | 'list'): Body {
  const body = rest('ticket', {
    id: t.id,
    ref: t.ref,
    track_id: t.track_id,
    status: t.fk_statut,
    fk_statut: t.fk_statut,
    subject: t.subject,
    message: t.message,
    fk_soc: idStr(t.fk_soc),
    socid: idStr(t.fk_soc),
    fk_project: idStr(t.fk_project),
    fk_contract: idStr(t.fk_contract),
    origin_email: t.origin_email,
    fk_user_create: t.fk_user_create,
    fk_user_assign: idStr(t.fk_user_assign),
    progress: t.progress,
    timing: t.severity_code,
    type_code: t.type_code,
    category_code: t.category_code,
    severity_code: t.severity_code,
    type_label: dictLabel('ticket_types', t.type_code),
    category_label: dictLabel('ticket_categories', t.category_code),
    severity_label: dictLabel('ticket_severities', t.severity_code),
    datec: t.datec,
    date_creation: t.datec,
    date_modification: t.tms,
    tms: t.tms,
    date_read: t.date_read ?? '',
    date_close: t.date_close ?? '',
    date_last_msg_sent: '',
    array_options: arrayOptions(state, 'ticket', t.array_options),
    contacts_ids: mode === 'get' ? [] : null,
    contacts_ids_internal: mode === 'get' ? [] : null,
    fk_user_assign_string: userName(state, t.fk_user_assign),
  });
  if (t.fk_user_assign === null) delete body.fk_user_assign_string;
  if (mode === 'get') body.messages = ticketMessages(state, t.id);
  return body;
}

/** Every agenda event of the ticket (auto events included), newest first, as GET /tickets/{id} lists them. */
function ticketMessages(state: DoubleState, ticketId: number): Body[] {
  return state.events
    .filter((e) => e.elementtype === 'ticket' && e.elementid === ticketId)
    .sort((a, b) => b.datep - a.datep || a.id - b.id)
    .map((e) =>
      rest('ticketMessage', {
        id: e.id,
        fk_user_action: e.authorid,
        fk_user_action_socid: null,
        fk_user_action_string: userName(state, e.authorid),
        message: e.note_private ?? e.label,
        datec: e.datec,
        private: e.code === 'TICKET_MSG_PRIVATE' ? 1 : 0,
      }),
    );
}

const TYPE_LABELS: Record<string, string> = {
  AC_TEL: 'Phone call',
  AC_EMAIL: 'Send Email',
  AC_OTH: 'Other',
  AC_OTH_AUTO: 'Other (automatically inserted events)',
  AC_RDV: 'Meeting',
};

export function agendaEventBody(e: AgendaEvent): Body {
  return rest('agendaevent', {
    id: e.id,
    ref: e.id,
    code: e.code,
    type_code: e.type_code,
    type_label: TYPE_LABELS[e.type_code] ?? null,
    type: e.type_code === 'AC_OTH_AUTO' ? 'systemauto' : 'system',
    type_id: e.type_code === 'AC_OTH_AUTO' ? 40 : 1,
    label: e.label,
    note_private: e.note_private,
    datep: e.datep,
    datef: e.datef ?? '',
    datec: e.datec,
    datem: e.datec,
    percentage: e.percentage,
    userownerid: e.userownerid,
    authorid: e.authorid,
    userassigned: { [String(e.userownerid)]: { id: String(e.userownerid), mandatory: '0', answer_status: '0', transparency: '0' } },
    socid: idStr(e.socid),
    elementid: idStr(e.elementid),
    elementtype: e.elementtype,
    email_from: e.email_from ?? null,
  });
}
