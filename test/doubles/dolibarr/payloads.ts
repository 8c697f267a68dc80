import { interventionDuration, lineTotals } from './serialize-documents';
import { dictLabel } from './serialize-tickets';
import { arrayOptions, hookObject, idStr, linkedObjectsIds, money, type Body } from './shape';
import type { AgendaEvent, DoubleState, Intervention, Invoice, Proposal, Ticket } from './state';

/**
 * Webhook `object`s built on the recorded payloads (templates/webhook-objects.json). `context` is PHP's empty
 * array `[]` unless the API call sent a `caller`, which Dolibarr echoes as `{"caller": ...}`.
 */
const contextOf = (caller: string | undefined, base: Body | [] = []): Body | [] =>
  caller === undefined ? base : { ...(Array.isArray(base) ? {} : base), caller };

export function actionObject(e: AgendaEvent, caller?: string): Body {
  return hookObject('action', {
    id: e.id,
    ref: e.id,
    fk_element: idStr(e.elementid),
    elementid: idStr(e.elementid),
    elementtype: e.elementtype,
    note_private: e.note_private,
    code: e.code,
    type_code: e.type_code,
    type_id: e.type_code === 'AC_OTH_AUTO' ? '40' : '1',
    label: e.label,
    authorid: String(e.authorid),
    userownerid: String(e.userownerid),
    userassigned: { [String(e.userownerid)]: { id: String(e.userownerid), transparency: 0 } },
    datep: e.datep,
    datef: e.datef,
    percentage: e.percentage,
    socid: idStr(e.socid),
    context: contextOf(caller),
  });
}

/** In TICKET_MODIFY `fk_statut` still holds the OLD status and `status` the NEW one (recorded). */
export function ticketObject(state: DoubleState, t: Ticket, oldStatus: number | null, newStatus: number | null, caller?: string): Body {
  return hookObject('ticket', {
    id: t.id,
    ref: t.ref,
    track_id: t.track_id,
    trackid: `tic${t.id}`,
    subject: t.subject,
    message: t.message,
    fk_statut: oldStatus === null ? null : String(oldStatus),
    status: newStatus,
    fk_soc: t.fk_soc,
    socid: idStr(t.fk_soc),
    fk_project: t.fk_project,
    fk_contract: t.fk_contract,
    origin_email: t.origin_email,
    fk_user_create: t.fk_user_create,
    fk_user_assign: t.fk_user_assign,
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
    array_options: arrayOptions(state, 'ticket', t.array_options),
    context: contextOf(caller),
  });
}

/** FICHINTER_VALIDATE/CLOSE carry the status before the change; VALIDATE still has the (PROVn) ref plus `newref`. */
export function fichinterObject(state: DoubleState, fi: Intervention, o: { statut: number; ref?: string; newref?: string; caller?: string }): Body {
  return {
    ...hookObject('fichinter', {
      id: fi.id,
      ref: o.ref ?? fi.ref,
      newref: o.newref ?? null,
      statut: o.statut,
      status: o.statut,
      socid: fi.socid,
      fk_project: fi.fk_project,
      fk_contrat: fi.fk_contrat ?? 0,
      description: fi.description,
      ref_client: fi.ref_client,
      note_public: fi.note_public,
      note_private: fi.note_private,
      datec: fi.datec,
      datev: fi.datev ?? '',
      datem: fi.datem,
      duration: interventionDuration(fi),
      array_options: arrayOptions(state, 'fichinter', fi.array_options),
      linkedObjectsIds: linkedObjectsIds(state, 'fichinter', fi.id),
      trackid: `int${fi.id}`,
      context: contextOf(o.caller),
    }),
    lines: fi.lines.map((l) =>
      hookObject('fichinterLine', {
        id: l.id,
        desc: l.desc,
        qty: Math.round((l.duration / 3600) * 100) / 100,
        fk_fichinter: fi.id,
        date: l.date,
        datei: l.date,
        duration: l.duration,
        rang: l.rang,
      }),
    ),
  };
}

export function propalObject(state: DoubleState, p: Proposal, caller?: string): Body {
  const t = lineTotals(p.lines);
  return hookObject('propal', {
    id: p.id,
    ref: p.ref,
    statut: p.statut,
    status: p.statut,
    socid: p.socid,
    ref_client: p.ref_client,
    ref_customer: p.ref_client,
    note_public: p.note_public,
    note_private: p.note_private,
    date_signature: p.date_signature ?? '',
    total_ht: money(t.ht),
    total_tva: money(t.tva),
    total_ttc: money(t.ttc),
    total: money(t.ttc),
    linkedObjectsIds: linkedObjectsIds(state, 'propal', p.id),
    trackid: `pro${p.id}`,
    context: contextOf(caller, { DolPublicNoteAppendedGetLinkedObjects: 1 }),
  });
}

export function factureObject(inv: Invoice, oldRef: string, caller?: string): Body {
  const t = lineTotals(inv.lines);
  return hookObject('facture', {
    id: inv.id,
    ref: oldRef,
    oldref: oldRef,
    newref: inv.ref,
    statut: '0',
    status: '0',
    socid: inv.socid,
    ref_client: inv.ref_client,
    total_ht: t.ht,
    date: inv.date,
    linkedObjectsIds: [],
    context: contextOf(caller),
  });
}
