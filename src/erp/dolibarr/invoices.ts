import type { NewInvoice } from './api';
import type { DolibarrCore } from './core';
import { createdId, unixSeconds } from './schema-primitives';
import { invoiceSchema } from './schemas';
import { transition } from './transition';
import type { DolInvoice } from './types';
import { lineBody, postAction } from './document-lines';

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

/** 0 draft; anything else is past validation (a repeated validate is a 304, see transition.ts). */
export function validateInvoice(core: DolibarrCore, id: number): Promise<void> {
  return transition({
    read: async () => (await core.get({ method: 'GET', path: `/invoices/${id}`, schema: invoiceSchema })).status,
    done: (s) => s !== 0,
    act: () => postAction(core, `/invoices/${id}/validate`),
  });
}

export function getInvoice(core: DolibarrCore, id: number): Promise<DolInvoice | null> {
  return core.find({ method: 'GET', path: `/invoices/${id}`, schema: invoiceSchema });
}
