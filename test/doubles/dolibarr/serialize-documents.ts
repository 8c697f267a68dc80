import { arrayOptions, dateOrEmpty, idStr, linkedObjectsIds, money, rate, rest, type Body } from './shape';
import type { DocLine, DoubleState, Intervention, Invoice, Proposal } from './state';

/** GET bodies carry statuses as strings; validate/close responses as ints (recorded). */
export type StatusStyle = 'get' | 'action';

export const interventionDuration = (fi: Intervention): number => fi.lines.reduce((s, l) => s + l.duration, 0);

export function interventionBody(state: DoubleState, fi: Intervention, style: StatusStyle = 'get'): Body {
  const body = interventionGetBody(state, fi);
  if (style === 'get') return body;
  // The object after validate/close/reopen: int statuses, no actiontypecode, plus elementtype and trackid (recorded).
  const action = { ...body };
  delete action.actiontypecode;
  return { ...action, statut: fi.statut, status: fi.statut, elementtype: '', trackid: `int${fi.id}` };
}

function interventionGetBody(state: DoubleState, fi: Intervention): Body {
  const status = String(fi.statut);
  return {
    ...rest('intervention', {
      id: fi.id,
      ref: fi.ref,
      socid: fi.socid,
      fk_project: fi.fk_project,
      fk_contrat: fi.fk_contrat ?? 0,
      description: fi.description,
      ref_client: fi.ref_client,
      note_public: fi.note_public,
      note_private: fi.note_private,
      datec: fi.datec,
      datev: dateOrEmpty(fi.datev),
      datem: fi.datem,
      dateo: fi.datec,
      datee: fi.datec,
      duration: interventionDuration(fi),
      array_options: arrayOptions(state, 'fichinter', fi.array_options),
      linkedObjectsIds: linkedObjectsIds(state, 'fichinter', fi.id),
    }),
    lines: fi.lines.map((l) =>
      rest('interventionLine', {
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
    statut: status,
    status,
  };
}

export function lineTotals(lines: DocLine[]): { ht: number; tva: number; ttc: number } {
  let ht = 0;
  let tva = 0;
  for (const l of lines) {
    const lineHt = l.qty * l.subprice * (1 - l.remise_percent / 100);
    ht += lineHt;
    tva += (lineHt * l.tva_tx) / 100;
  }
  return { ht, tva, ttc: ht + tva };
}

function docLine(template: 'proposalLine' | 'invoiceLine', parentKey: string, parentId: number, l: DocLine, rang: number): Body {
  const t = lineTotals([l]);
  return rest(template, {
    id: l.id,
    rowid: l.id,
    fk_product: idStr(l.fk_product),
    desc: l.desc,
    description: l.desc,
    label: l.label,
    libelle: l.label,
    product_ref: null,
    product_label: null,
    product_desc: null,
    ref: null,
    qty: l.qty,
    subprice: money(l.subprice),
    multicurrency_subprice: money(l.subprice),
    tva_tx: rate(l.tva_tx),
    remise_percent: l.remise_percent,
    product_type: l.product_type,
    fk_product_type: l.product_type,
    total_ht: money(t.ht),
    total_tva: money(t.tva),
    total_ttc: money(t.ttc),
    multicurrency_total_ht: money(t.ht),
    multicurrency_total_tva: money(t.tva),
    multicurrency_total_ttc: money(t.ttc),
    [parentKey]: parentId,
    rang,
  });
}

function totalsBody(lines: DocLine[]): Body {
  const t = lineTotals(lines);
  return {
    total_ht: money(t.ht),
    total_tva: money(t.tva),
    total_ttc: money(t.ttc),
    multicurrency_total_ht: money(t.ht),
    multicurrency_total_tva: money(t.tva),
    multicurrency_total_ttc: money(t.ttc),
  };
}

export function proposalBody(state: DoubleState, p: Proposal): Body {
  const lines = p.lines.map((l, i) => docLine('proposalLine', 'fk_propal', p.id, l, i));
  return {
    ...rest('proposal', {
      id: p.id,
      ref: p.ref,
      statut: p.statut,
      status: p.statut,
      socid: p.socid,
      ref_client: p.ref_client,
      ref_customer: p.ref_client,
      note_public: p.note_public,
      note_private: p.note_private,
      date_creation: p.datec,
      datec: p.datec,
      date_validation: dateOrEmpty(p.datev),
      datev: dateOrEmpty(p.datev),
      date_modification: p.datem,
      user_validation_id: p.datev ? '1' : null,
      date_signature: dateOrEmpty(p.date_signature),
      date: p.date,
      datep: p.date,
      fin_validite: p.date + p.duree_validite * 86400,
      duree_validite: p.duree_validite,
      last_main_doc: p.statut >= 1 ? `propale/${p.ref}/${p.ref}.pdf` : null,
      ...totalsBody(p.lines),
      total: money(lineTotals(p.lines).ttc),
      linkedObjectsIds: linkedObjectsIds(state, 'propal', p.id),
    }),
    lines,
  };
}

export function invoiceBody(state: DoubleState, inv: Invoice, style: StatusStyle = 'get'): Body {
  const t = lineTotals(inv.lines);
  const lines = inv.lines.map((l, i) => docLine('invoiceLine', 'fk_facture', inv.id, l, i));
  return {
    ...rest('invoice', {
      id: inv.id,
      ref: inv.ref,
      statut: inv.statut,
      status: inv.statut,
      socid: inv.socid,
      type: inv.type,
      ref_client: inv.ref_client,
      ref_customer: inv.ref_client,
      note_private: inv.note_private,
      note_public: inv.note_public,
      date: inv.date,
      date_lim_reglement: inv.date,
      date_creation: inv.datec,
      date_validation: dateOrEmpty(inv.datev),
      date_modification: inv.datem,
      datem: inv.datem,
      user_validation_id: inv.datev ? '1' : null,
      fk_user_valid: inv.datev ? '1' : null,
      ...totalsBody(inv.lines),
      remaintopay: String(Math.round(t.ttc * 100) / 100),
      online_payment_url: null,
      // The validate response shows [] although the links exist (recorded).
      linkedObjectsIds: style === 'action' ? [] : linkedObjectsIds(state, 'facture', inv.id),
    }),
    lines,
  };
}
