import { Router } from 'express';
import { addDocLine, linkAtCreation, validateInvoice } from '../actions-sales';
import type { DoubleContext } from '../context';
import { body, checkActionBody, found, intParam, optNum, optStr, requireFields, route } from '../http';
import { columnsOf, runList, thirdpartyFilter } from '../list';
import { sanitizeBody } from '../sanitize';
import { DolibarrHttpError } from '../errors';
import { invoiceBody } from '../serialize-documents';
import type { Invoice } from '../state';
import { nextId, nowTs } from '../state';
import { docLineFrom, linkedFrom } from './proposals';

/** `status` = draft (0), unpaid (1), paid (2), cancelled (3), as api_invoices index() filters. */
const STATUS_FILTER: Record<string, number> = { draft: 0, unpaid: 1, paid: 2, cancelled: 3 };

function invoiceFilter(query: Record<string, unknown>): (i: Invoice) => boolean {
  const bySoc = thirdpartyFilter<Invoice>(query, (i) => i.socid);
  const status = typeof query.status === 'string' ? STATUS_FILTER[query.status] : undefined;
  return (i) => (bySoc ? bySoc(i) : true) && (status === undefined || i.statut === status);
}

export function invoicesRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;
  const byId = (id: number): Invoice =>
    found(
      state.invoices.find((i) => i.id === id),
      'Invoice not found',
    );
  const columns = columnsOf<Invoice>({
    't.rowid': ['int', (i) => i.id],
    't.ref': ['str', (i) => i.ref],
    't.fk_soc': ['int', (i) => i.socid],
    't.fk_statut': ['int', (i) => i.statut],
    't.ref_client': ['str', (i) => i.ref_client],
  });

  r.get(
    '/invoices',
    route((req) =>
      runList(req.query, {
        rows: state.invoices,
        columns,
        errorPrefix: 'Error when retrieve invoice list',
        serialize: (i) => invoiceBody(state, i),
        keep: invoiceFilter(req.query),
      }),
    ),
  );
  r.get(
    '/invoices/:id',
    route((req) => invoiceBody(state, byId(intParam(req)))),
  );

  r.post(
    '/invoices',
    route((req) => {
      const b = sanitizeBody(body(req));
      requireFields(b, ['socid']);
      const now = nowTs();
      const id = nextId(state, 'invoices');
      const inv: Invoice = {
        id,
        ref: `(PROV${id})`,
        socid: Number(b.socid),
        type: optNum(b.type) ?? 0,
        statut: 0,
        date: optNum(b.date) ?? now,
        ref_client: optStr(b.ref_client) ?? null,
        note_private: optStr(b.note_private) ?? null,
        note_public: optStr(b.note_public) ?? null,
        datec: now,
        datev: null,
        datem: now,
        lines: [],
      };
      state.invoices.push(inv);
      const lines = Array.isArray(b.lines) ? (b.lines as unknown[]) : [];
      for (const l of lines) if (l && typeof l === 'object') addDocLine(ctx, inv.lines, docLineFrom(l as Record<string, unknown>));
      linkAtCreation(ctx, 'facture', id, linkedFrom(b));
      return id;
    }),
  );
  // Unlike proposals, the invoice lines endpoint takes one object.
  r.post(
    '/invoices/:id/lines',
    route((req) => {
      const inv = byId(intParam(req));
      // Facture::addline() refuses a non-draft invoice.
      if (inv.statut !== 0) throw new DolibarrHttpError(400, 'Unable to insert the new line. Check your inputs. ');
      return addDocLine(ctx, inv.lines, docLineFrom(body(req)));
    }),
  );
  r.post(
    '/invoices/:id/validate',
    route((req) => {
      const inv = byId(intParam(req));
      checkActionBody(req);
      validateInvoice(ctx, inv);
      return invoiceBody(state, inv, 'action');
    }),
  );
  return r;
}
