import { Router } from 'express';
import { addDocLine, closeProposal, createProposal, validateProposal } from '../actions-sales';
import type { DoubleContext } from '../context';
import { badRequest } from '../errors';
import { body, callerOf, checkActionBody, found, intParam, optNum, optStr, requireFields, route } from '../http';
import { columnsOf, runList, thirdpartyFilter } from '../list';
import { sanitizeBody } from '../sanitize';
import { sqlDate } from '../sqlfilter';
import { proposalBody } from '../serialize-documents';
import type { DocLine, Proposal } from '../state';
import { nowTs } from '../state';

export function docLineFrom(raw: Record<string, unknown>): Omit<DocLine, 'id'> {
  const b = sanitizeBody(raw);
  return {
    fk_product: optNum(b.fk_product) ?? null,
    desc: optStr(b.desc) ?? null,
    label: optStr(b.label) ?? null,
    qty: optNum(b.qty) ?? 0,
    subprice: optNum(b.subprice) ?? 0,
    tva_tx: optNum(b.tva_tx) ?? 0,
    product_type: optNum(b.product_type) ?? 0,
    remise_percent: optNum(b.remise_percent) ?? 0,
    date_start: optNum(b.date_start) ?? null,
    date_end: optNum(b.date_end) ?? null,
  };
}

/** `linkedObjectsIds:{"ticket":[2]}` or the legacy `linked_objects:{"ticket":2}`. */
export function linkedFrom(b: Record<string, unknown>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const add = (src: unknown): void => {
    if (!src || typeof src !== 'object') return;
    for (const [type, ids] of Object.entries(src as Record<string, unknown>)) {
      out[type] = [...(out[type] ?? []), ...(Array.isArray(ids) ? ids : [ids]).map(Number)];
    }
  };
  add(b.linkedObjectsIds);
  add(b.linked_objects);
  return out;
}

export function proposalsRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;
  const byId = (id: number): Proposal =>
    found(
      state.proposals.find((p) => p.id === id),
      'Commercial Proposal not found',
    );
  const columns = columnsOf<Proposal>({
    't.rowid': ['int', (p) => p.id],
    't.ref': ['str', (p) => p.ref],
    't.fk_soc': ['int', (p) => p.socid],
    't.fk_statut': ['int', (p) => p.statut],
    't.ref_client': ['str', (p) => p.ref_client],
    't.tms': ['date', (p) => sqlDate(p.datem)],
  });

  r.get(
    '/proposals',
    route((req) =>
      runList(req.query, {
        rows: state.proposals,
        columns,
        errorPrefix: 'Error when retrieve propal list',
        serialize: (p) => proposalBody(state, p),
        keep: thirdpartyFilter<Proposal>(req.query, (p) => p.socid),
      }),
    ),
  );
  r.get(
    '/proposals/:id',
    route((req) => proposalBody(state, byId(intParam(req)))),
  );

  r.post(
    '/proposals',
    route((req) => {
      const b = sanitizeBody(body(req));
      requireFields(b, ['socid']);
      // origin/origin_id is ignored for proposals (recorded).
      const p = createProposal(
        ctx,
        {
          socid: Number(b.socid),
          date: optNum(b.date) ?? nowTs(),
          duree_validite: optNum(b.duree_validite) ?? 15,
          ref_client: optStr(b.ref_client) ?? null,
          note_public: optStr(b.note_public) ?? null,
          note_private: optStr(b.note_private) ?? null,
        },
        linkedFrom(b),
        callerOf(b),
      );
      return p.id;
    }),
  );

  r.post(
    '/proposals/:id/lines',
    route((req) => {
      const p = byId(intParam(req));
      // PITFALL (recorded): a single object is iterated key by key, each key making an empty line.
      const items: unknown[] = Array.isArray(req.body) ? req.body : Object.values(body(req));
      let last = 0;
      for (const item of items) {
        const raw = item && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
        last = addDocLine(ctx, p.lines, docLineFrom(raw));
      }
      return last;
    }),
  );
  r.post(
    '/proposals/:id/line',
    route((req) => addDocLine(ctx, byId(intParam(req)).lines, docLineFrom(body(req)))),
  );

  r.post(
    '/proposals/:id/validate',
    route((req) => {
      const p = byId(intParam(req));
      checkActionBody(req);
      validateProposal(ctx, p);
      return proposalBody(state, p);
    }),
  );
  r.post(
    '/proposals/:id/close',
    route((req) => {
      const p = byId(intParam(req));
      const b = sanitizeBody(body(req));
      requireFields(b, ['status']);
      const status = Number(b.status);
      if (status !== 2 && status !== 3) throw badRequest('Error closing proposal');
      closeProposal(ctx, p, status, optStr(b.note_private) ?? undefined, callerOf(b));
      return proposalBody(state, p);
    }),
  );
  return r;
}
