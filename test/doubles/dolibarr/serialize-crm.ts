import { arrayOptions, dateOrEmpty, idStr, money, rate, rest, type Body } from './shape';
import type { Contact, Contract, DoubleState, ExtrafieldDef, Product, StoredDocument, ThirdParty, Ticket, User } from './state';
import { sqlDate } from './sqlfilter';

export function thirdpartyBody(s: ThirdParty): Body {
  return rest('thirdparty', {
    id: s.id,
    ref: s.name,
    name: s.name,
    email: s.email,
    phone: s.phone,
    client: s.client,
    code_client: s.code_client,
    status: s.status,
    town: s.town,
    date_creation: s.datec,
  });
}

export function contactBody(state: DoubleState, c: Contact): Body {
  return rest('contact', {
    id: c.id,
    ref: c.id,
    lastname: c.lastname,
    firstname: c.firstname,
    email: c.email,
    mail: c.email,
    phone_pro: c.phone_pro,
    phone_mobile: c.phone_mobile,
    socid: idStr(c.socid),
    fk_soc: idStr(c.socid),
    socname: state.thirdparties.find((s) => s.id === c.socid)?.name ?? null,
    statut: c.statut,
    status: c.statut,
    date_creation: c.datec,
  });
}

export function userBody(u: User): Body {
  return rest('user', {
    id: u.id,
    ref: u.id,
    login: u.login,
    email: u.email,
    firstname: u.firstname,
    lastname: u.lastname,
    statut: u.statut,
    status: u.statut,
    admin: u.admin,
    datec: u.datec,
  });
}

export function productBody(p: Product): Body {
  const duration = p.duration_value !== null && p.duration_unit ? `${p.duration_value}${p.duration_unit}` : '';
  return rest('product', {
    id: p.id,
    ref: p.ref,
    label: p.label,
    description: p.description,
    type: p.type,
    price: money(p.price),
    price_ttc: money(p.price * (1 + p.tva_tx / 100)),
    tva_tx: rate(p.tva_tx),
    status: p.status,
    duration_value: p.duration_value,
    duration_unit: p.duration_unit,
    duration,
    date_creation: p.datec,
  });
}

export function contractBody(state: DoubleState, c: Contract): Body {
  const count = (st: number): number => c.lines.filter((l) => l.statut === st).length;
  const totalHt = c.lines.reduce((sum, l) => sum + l.qty * l.subprice, 0);
  const totalTva = c.lines.reduce((sum, l) => sum + (l.qty * l.subprice * l.tva_tx) / 100, 0);
  return {
    ...rest('contract', {
      id: c.id,
      ref: c.ref,
      statut: c.statut,
      status: c.statut,
      socid: c.socid,
      fk_soc: c.socid,
      ref_customer: c.ref_customer,
      date_contrat: c.date_contrat,
      date_creation: c.datec,
      total_ht: totalHt,
      total_tva: totalTva,
      total_ttc: totalHt + totalTva,
      nbofservices: c.lines.length,
      nbofserviceswait: count(0),
      nbofservicesopened: count(4),
      nbofservicesexpired: 0,
      nbofservicesclosed: count(5),
      array_options: arrayOptions(state, 'contrat', c.array_options ?? {}),
    }),
    lines: c.lines.map((l) => {
      const product = state.products.find((p) => p.id === l.fk_product);
      return rest('contractLine', {
        id: l.id,
        ref: product?.ref ?? null,
        statut: l.statut,
        status: l.statut,
        fk_product: idStr(l.fk_product),
        product_ref: product?.ref ?? null,
        product_label: product?.label ?? null,
        desc: l.desc,
        description: l.desc,
        qty: l.qty,
        subprice: money(l.subprice),
        tva_tx: rate(l.tva_tx),
        fk_contrat: c.id,
        total_ht: money(l.qty * l.subprice),
        total_tva: money((l.qty * l.subprice * l.tva_tx) / 100),
        total_ttc: money(l.qty * l.subprice * (1 + l.tva_tx / 100)),
        date_start: dateOrEmpty(l.date_start),
        date_end: dateOrEmpty(l.date_end),
        date_start_real: dateOrEmpty(l.date_start_real),
        date_end_real: dateOrEmpty(l.date_end_real),
      });
    }),
  };
}

export function documentBody(t: Ticket, d: StoredDocument): Body {
  return rest('document', {
    name: null,
    path: `DOL_DATA_ROOT/ticket/${t.ref}`,
    level1name: t.ref,
    relativename: d.name,
    fullname: `DOL_DATA_ROOT/ticket/${t.ref}/${d.name}`,
    date: d.date,
    size: d.size,
    type: 'file',
  });
}

export function extrafieldBody(d: ExtrafieldDef): Body {
  return rest('extrafield', {
    id: d.id,
    type: d.type,
    label: d.label,
    size: d.size,
    elementtype: d.elementtype,
    pos: d.pos,
    list: d.list ?? '1',
    param: d.param ?? '',
    datec: sqlDate(Math.floor(Date.now() / 1000)),
    tms: sqlDate(Math.floor(Date.now() / 1000)),
  });
}
