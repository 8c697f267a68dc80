import { z } from 'zod';
import { normalizeThirdPartyPhone } from './sanitize';
import type { DoubleState } from './state';
import { claimId, nowTs, refPeriod } from './state';

const id = z.number().int().positive().optional();
const ts = z.number().int().nullable().optional();

/** Body of POST /__double/seed: reference data the bridge only reads (ids optional, auto-assigned when absent). */
export const seedSchema = z.object({
  thirdparties: z
    .array(
      z.object({
        id,
        name: z.string(),
        email: z.string().nullable().optional(),
        phone: z.string().nullable().optional(),
        client: z.number().int().default(1),
        code_client: z.string().nullable().optional(),
        status: z.number().int().default(1),
        town: z.string().nullable().optional(),
      }),
    )
    .default([]),
  contacts: z
    .array(
      z.object({
        id,
        socid: z.number().int().nullable(),
        lastname: z.string(),
        firstname: z.string().nullable().optional(),
        email: z.string().nullable().optional(),
        phone_pro: z.string().nullable().optional(),
        phone_mobile: z.string().nullable().optional(),
        statut: z.number().int().default(1),
      }),
    )
    .default([]),
  users: z
    .array(
      z.object({
        id,
        login: z.string(),
        email: z.string().nullable().optional(),
        firstname: z.string().nullable().optional(),
        lastname: z.string().nullable().optional(),
        statut: z.number().int().default(1),
        admin: z.number().int().default(0),
      }),
    )
    .default([]),
  products: z
    .array(
      z.object({
        id,
        ref: z.string(),
        label: z.string(),
        description: z.string().nullable().optional(),
        type: z.number().int().default(1),
        price: z.number().default(0),
        tva_tx: z.number().default(20),
        status: z.number().int().default(1),
        duration_value: z.number().nullable().optional(),
        duration_unit: z.string().nullable().optional(),
      }),
    )
    .default([]),
  contracts: z
    .array(
      z.object({
        id,
        ref: z.string().optional(),
        socid: z.number().int(),
        statut: z.number().int().default(1),
        date_contrat: ts,
        ref_customer: z.string().nullable().optional(),
        lines: z
          .array(
            z.object({
              id,
              fk_product: z.number().int().nullable().optional(),
              desc: z.string().nullable().optional(),
              qty: z.number().default(1),
              subprice: z.number().default(0),
              tva_tx: z.number().default(20),
              /** 0 initial/draft, 4 running, 5 closed. */
              statut: z.union([z.literal(0), z.literal(4), z.literal(5)]).default(4),
              date_start: ts,
              date_end: ts,
              date_start_real: ts,
              date_end_real: ts,
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  extrafields: z
    .array(
      z.object({
        elementtype: z.string(),
        attrname: z.string().regex(/^[a-z0-9_]+$/),
        label: z.string(),
        type: z.string().default('varchar'),
      }),
    )
    .default([]),
});
export type Seed = z.infer<typeof seedSchema>;

export interface SeedResult {
  thirdparties: number[];
  contacts: number[];
  users: number[];
  products: number[];
  contracts: number[];
}

export function applySeed(state: DoubleState, seed: Seed): SeedResult {
  const now = nowTs();
  const n = <T>(v: T | null | undefined): T | null => v ?? null;
  const thirdparties = seed.thirdparties.map((s) => {
    const sid = claimId(state, 'thirdparties', s.id);
    state.thirdparties.push({
      ...s,
      id: sid,
      email: n(s.email),
      phone: s.phone ? normalizeThirdPartyPhone(s.phone) : null,
      code_client: n(s.code_client),
      town: n(s.town),
      datec: now,
    });
    return sid;
  });
  const contacts = seed.contacts.map((c) => {
    const cid = claimId(state, 'contacts', c.id);
    state.contacts.push({
      ...c,
      id: cid,
      firstname: n(c.firstname),
      email: n(c.email),
      phone_pro: n(c.phone_pro),
      phone_mobile: n(c.phone_mobile),
      datec: now,
    });
    return cid;
  });
  const users = seed.users.map((u) => {
    const uid = claimId(state, 'users', u.id);
    state.users = state.users.filter((x) => x.id !== uid);
    state.users.push({ ...u, id: uid, email: n(u.email), firstname: n(u.firstname), lastname: n(u.lastname), datec: now });
    return uid;
  });
  const products = seed.products.map((p) => {
    const pid = claimId(state, 'products', p.id);
    state.products.push({
      ...p,
      id: pid,
      description: n(p.description),
      duration_value: n(p.duration_value),
      duration_unit: n(p.duration_unit),
      datec: now,
    });
    return pid;
  });
  const contracts = seed.contracts.map((c) => {
    const cid = claimId(state, 'contracts', c.id);
    const ref = c.ref ?? (c.statut === 0 ? `(PROV${cid})` : `CT${refPeriod(now)}-${String(cid).padStart(4, '0')}`);
    state.contracts.push({
      id: cid,
      ref,
      socid: c.socid,
      statut: c.statut,
      date_contrat: n(c.date_contrat),
      ref_customer: n(c.ref_customer),
      datec: now,
      lines: c.lines.map((l) => ({
        ...l,
        id: claimId(state, 'contractLines', l.id),
        fk_product: n(l.fk_product),
        desc: n(l.desc),
        date_start: n(l.date_start),
        date_end: n(l.date_end),
        date_start_real: n(l.date_start_real),
        date_end_real: n(l.date_end_real),
      })),
    });
    return cid;
  });
  for (const e of seed.extrafields) {
    if (state.extrafields.some((d) => d.elementtype === e.elementtype && d.attrname === e.attrname)) continue;
    state.extrafields.push({ ...e, id: claimId(state, `extrafields:${e.elementtype}`), size: '255', pos: 100 });
  }
  return { thirdparties, contacts, users, products, contracts };
}
