import { z } from 'zod';
import { InvalidRequestError, NotFoundError } from '../../plugin-sdk';
import type { InterventionListFilter, NewIntervention, NewInterventionLine } from './api';
import type { DolibarrCore } from './core';
import { SYSTEM } from './error-mapping';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { actionResult, createdId, toArrayOptions, unixSeconds } from './schema-primitives';
import { interventionSchema } from './schemas';
import { buildSqlFilters, type Condition } from './sqlfilters';
import { transition } from './transition';
import type { DolIntervention, Extrafields } from './types';

/** Interventions (fichinter): the time spent on a ticket. */

export function createIntervention(core: DolibarrCore, input: NewIntervention): Promise<number> {
  return core.get({
    method: 'POST',
    path: '/interventions',
    body: {
      socid: input.socid,
      // Required by the API even without a project: 0 means none (omitting it is a 400).
      fk_project: input.projectId ?? 0,
      description: input.description,
      fk_contrat: input.contractId,
      // origin/origin_id is what links a fichinter to a ticket; linkedObjectsIds is ignored here.
      ...(input.ticketId !== undefined ? { origin: 'ticket', origin_id: input.ticketId } : {}),
      ref_client: input.refClient,
      note_private: input.notePrivate,
      array_options: input.extrafields ? toArrayOptions(input.extrafields) : undefined,
      caller: core.caller,
    },
    schema: createdId,
  });
}

export function addInterventionLine(core: DolibarrCore, interventionId: number, line: NewInterventionLine): Promise<number> {
  return core.get({
    method: 'POST',
    path: `/interventions/${interventionId}/lines`,
    body: { description: line.description, date: unixSeconds(line.date), duration: Math.round(line.durationSeconds) },
    schema: createdId,
  });
}

type Verb = 'validate' | 'close' | 'reopen';

/** The state each action leads to (0 draft, 1 validated, 2 billed, 3 closed). */
const DONE: Record<Verb, (status: number) => boolean> = {
  validate: (s) => s !== 0,
  close: (s) => s === 3,
  reopen: (s) => s === 0,
};

/**
 * Action endpoints take no body (a literal {} is rejected with 400 "notrigger"). A repeated
 * action is answered 304: skipped after reading the status, and accepted when it comes empty.
 */
function action(core: DolibarrCore, id: number, verb: Verb): Promise<void> {
  return transition({
    read: async () => (await readIntervention(core, id)).status,
    done: DONE[verb],
    act: async () => {
      await core.call({ method: 'POST', path: `/interventions/${id}/${verb}`, schema: actionResult, acceptStatuses: [304] });
    },
  });
}

export const validateIntervention = (core: DolibarrCore, id: number) => action(core, id, 'validate');
export const closeIntervention = (core: DolibarrCore, id: number) => action(core, id, 'close');

/**
 * Dolibarr only deletes lines of a draft, and does not check that the line belongs to the
 * intervention named in the path (it deletes any line id): so the line is looked up here
 * first, and a line that is not there is NotFoundError. A successful delete is answered 405
 * (empty message) when no trigger handles LINEFICHINTER_DELETE, so after an error the
 * intervention is read again: the line being gone is success.
 */
export async function deleteInterventionLine(core: DolibarrCore, interventionId: number, lineId: number): Promise<void> {
  const path = `/interventions/${interventionId}/lines/${lineId}`;
  const hasLine = async () => (await readIntervention(core, interventionId)).lines.some((l) => l.id === lineId);
  const before = await readIntervention(core, interventionId);
  if (!before.lines.some((l) => l.id === lineId)) {
    throw new NotFoundError(`Dolibarr intervention ${interventionId} has no line ${lineId}`, { system: SYSTEM, method: 'DELETE', path });
  }
  if (before.status !== 0) {
    throw new InvalidRequestError(`Dolibarr intervention ${interventionId} is not a draft (status ${before.status}): its lines cannot be deleted`, {
      system: SYSTEM,
      method: 'DELETE',
      path,
    });
  }
  try {
    await core.call({ method: 'DELETE', path, schema: z.unknown() });
  } catch (err) {
    if (err instanceof NotFoundError || (await hasLine())) throw err;
  }
}

function readIntervention(core: DolibarrCore, id: number): Promise<DolIntervention> {
  return core.get({ method: 'GET', path: `/interventions/${id}`, schema: interventionSchema });
}

export function getIntervention(core: DolibarrCore, id: number): Promise<DolIntervention | null> {
  return core.find({ method: 'GET', path: `/interventions/${id}`, schema: interventionSchema });
}

export async function* listInterventions(core: DolibarrCore, filter: InterventionListFilter): AsyncGenerator<DolIntervention> {
  const conditions: Condition[] = [];
  if (filter.modifiedSince) conditions.push({ field: 't.tms', op: '>=', value: filter.modifiedSince });
  if (filter.contractId !== undefined) conditions.push({ field: 't.fk_contrat', op: '=', value: filter.contractId });
  if (filter.statuses?.length) conditions.push({ field: 't.fk_statut', op: 'in', value: filter.statuses });
  for (const [name, value] of Object.entries(filter.extrafields ?? {})) conditions.push({ field: `ef.${name}`, op: '=', value });
  yield* core.list(
    {
      method: 'GET',
      path: '/interventions',
      query: {
        thirdparty_ids: filter.socids?.length ? filter.socids.join(',') : undefined,
        sqlfilters: buildSqlFilters(conditions, '/interventions'),
        loadlinkedobjects: 1,
      },
      schema: z.array(interventionSchema),
    },
    filter.pageSize ?? DEFAULT_PAGE_SIZE,
  );
}

/**
 * Interventions of the ticket's customer whose links include the ticket. This also finds
 * those created by hand in Dolibarr, and relies on no sqlfilters sub-select.
 */
export async function listInterventionsForTicket(core: DolibarrCore, ticketId: number, socid: number): Promise<DolIntervention[]> {
  const all = await collect(listInterventions(core, { socids: [socid] }));
  return all.filter((i) => i.linkedObjects.ticket?.includes(ticketId) ?? false);
}

/** Works on validated and closed interventions too (the durable "billed" marker). */
export async function setInterventionExtrafields(core: DolibarrCore, id: number, values: Extrafields): Promise<void> {
  await core.get({
    method: 'PUT',
    path: `/interventions/${id}`,
    body: { array_options: toArrayOptions(values), caller: core.caller },
    schema: actionResult,
  });
}
