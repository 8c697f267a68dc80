import { z } from 'zod';
import { InputError } from '../../errors';
import type { NewDocumentLine, NewInvoice, NewProposal } from './api';
import type { DolibarrCore } from './core';
import { actionResult, createdId, unixSeconds } from './schema-primitives';
import { invoiceSchema, proposalSchema } from './schemas';
import type { DolInvoice, DolProposal } from './types';

/** Quotes raised from tickets, and the invoices of a billing run. */

function lineBody(line: NewDocumentLine) {
  return { fk_product: line.productId, desc: line.description, qty: line.qty, subprice: line.unitPrice, tva_tx: line.vatRate, product_type: line.productType };
}

export function createProposal(core: DolibarrCore, input: NewProposal): Promise<number> {
  return core.get({
    method: 'POST',
    path: '/proposals',
    body: {
      socid: input.socid,
      date: unixSeconds(input.date),
      duree_validite: input.validityDays,
      // The only way to link a proposal to a ticket (origin/origin_id is ignored for proposals).
      linkedObjectsIds: input.ticketIds?.length ? { ticket: input.ticketIds } : undefined,
      ref_client: input.refClient,
      note_public: input.notePublic,
      note_private: input.notePrivate,
      caller: core.caller,
    },
    schema: createdId,
  });
}

/**
 * Always the PLURAL endpoint with an ARRAY: a single object sent there creates one
 * empty line per key (recorded PITFALL_*).
 */
export async function addProposalLines(core: DolibarrCore, proposalId: number, lines: NewDocumentLine[]): Promise<void> {
  if (!Array.isArray(lines)) throw new InputError('proposal lines must be an array');
  if (lines.length === 0) return;
  await core.get({ method: 'POST', path: `/proposals/${proposalId}/lines`, body: lines.map(lineBody), schema: z.union([z.number(), z.string()]) });
}

export async function validateProposal(core: DolibarrCore, id: number): Promise<void> {
  await core.get({ method: 'POST', path: `/proposals/${id}/validate`, schema: actionResult });
}

/** 2 signed, 3 refused. 304 (already closed) is success. */
export async function closeProposal(core: DolibarrCore, id: number, status: 2 | 3, note?: string): Promise<void> {
  await core.call({ method: 'POST', path: `/proposals/${id}/close`, body: { status, note_private: note }, schema: actionResult, acceptStatuses: [304] });
}

export function getProposal(core: DolibarrCore, id: number): Promise<DolProposal | null> {
  return core.find({ method: 'GET', path: `/proposals/${id}`, schema: proposalSchema });
}

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

export async function validateInvoice(core: DolibarrCore, id: number): Promise<void> {
  await core.get({ method: 'POST', path: `/invoices/${id}/validate`, schema: actionResult });
}

export function getInvoice(core: DolibarrCore, id: number): Promise<DolInvoice | null> {
  return core.find({ method: 'GET', path: `/invoices/${id}`, schema: invoiceSchema });
}
