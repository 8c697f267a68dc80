import { z } from 'zod';
import { InputError } from '../../plugin-sdk';
import type { NewDocumentLine, NewProposal } from './api';
import type { DolibarrCore } from './core';
import { DEFAULT_PAGE_SIZE } from './pagination';
import { createdId, unixSeconds } from './schema-primitives';
import { buildSqlFilters } from './sqlfilters';
import { proposalSchema } from './schemas';
import { transition } from './transition';
import type { DolProposal } from './types';
import { lineBody, postAction } from './document-lines';

/** Quotes raised from tickets. */

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

/** A repeated validate is answered 304 (see transition.ts): skipped once the proposal is past draft. */
export function validateProposal(core: DolibarrCore, id: number): Promise<void> {
  return transition({
    read: async () => (await readProposal(core, id)).status,
    done: (s) => s >= 1,
    act: () => postAction(core, `/proposals/${id}/validate`),
  });
}

export function getProposal(core: DolibarrCore, id: number): Promise<DolProposal | null> {
  return core.find({ method: 'GET', path: `/proposals/${id}`, schema: proposalSchema });
}

export async function* listProposalsModifiedSince(core: DolibarrCore, since: Date): AsyncGenerator<DolProposal> {
  yield* core.list(
    {
      method: 'GET',
      path: '/proposals',
      query: {
        sqlfilters: buildSqlFilters([{ field: 't.tms', op: '>=', value: since }], '/proposals'),
        sortfield: 't.rowid',
        sortorder: 'ASC',
        loadlinkedobjects: 1,
      },
      schema: z.array(proposalSchema),
    },
    DEFAULT_PAGE_SIZE,
  );
}

function readProposal(core: DolibarrCore, id: number): Promise<DolProposal> {
  return core.get({ method: 'GET', path: `/proposals/${id}`, schema: proposalSchema });
}
