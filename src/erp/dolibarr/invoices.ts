import { z } from 'zod';
import type { DraftInvoiceFilter, NewDocumentLine, NewInvoice } from './api';
import type { DolibarrCore } from './core';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { createdId, unixSeconds } from './schema-primitives';
import { buildSqlFilters } from './sqlfilters';
import { invoiceSchema } from './schemas';
import type { DolInvoice } from './types';
import { lineBody } from './document-lines';

/** The draft invoices of a billing run. */

export function createInvoice(core: DolibarrCore, input: NewInvoice): Promise<number> {
  return core.get({
    method: 'POST',
    path: '/invoices',
    body: {
      socid: input.socid,
      type: 0,
      date: unixSeconds(input.date),
      ref_client: input.refClient,
      lines: input.lines.map(lineBody),
      linkedObjectsIds: input.linkedObjects && Object.keys(input.linkedObjects).length ? input.linkedObjects : undefined,
      note_private: input.notePrivate,
      caller: core.caller,
    },
    schema: createdId,
  });
}

/** Drafts of the customer with exactly this customer ref; the newest if an earlier run left two. */
export async function findDraftInvoice(core: DolibarrCore, filter: DraftInvoiceFilter): Promise<DolInvoice | null> {
  const drafts = await collect(
    core.list(
      {
        method: 'GET',
        path: '/invoices',
        query: {
          thirdparty_ids: filter.socid,
          status: 'draft',
          sqlfilters: buildSqlFilters([{ field: 't.ref_client', op: '=', value: filter.refClient }], '/invoices'),
          sortfield: 't.rowid',
          sortorder: 'DESC',
        },
        schema: z.array(invoiceSchema),
      },
      DEFAULT_PAGE_SIZE,
    ),
  );
  return drafts.find((i) => i.status === 0 && i.refClient === filter.refClient && i.socid === filter.socid) ?? null;
}

/** Unlike proposals, the invoice lines endpoint takes ONE object. */
export function addInvoiceLine(core: DolibarrCore, invoiceId: number, line: NewDocumentLine): Promise<number> {
  return core.get({ method: 'POST', path: `/invoices/${invoiceId}/lines`, body: lineBody(line), schema: createdId });
}

export function getInvoice(core: DolibarrCore, id: number): Promise<DolInvoice | null> {
  return core.find({ method: 'GET', path: `/invoices/${id}`, schema: invoiceSchema });
}
