import { z } from 'zod';
import { InputError } from '../../plugin-sdk';
import type { ExtrafieldElement, NewAgendaEvent, NewExtrafield } from './api';
import type { DolibarrCore } from './core';
import { collect, DEFAULT_PAGE_SIZE } from './pagination';
import { segment } from './path';
import { createdId, text, unixSeconds } from './schema-primitives';
import { dictionaryEntrySchema, documentSchema, extrafieldsListSchema } from './schemas';
import type { DolDictionaryEntry, DolDocument, DolExtrafieldDef } from './types';

/** Ticket documents, ticket dictionaries, extrafield definitions and agenda events. */

/** `ref` is the numeric ticket id as a string: the ticket ref makes Dolibarr fail with a mixed HTML/JSON 500. */
export function uploadTicketDocument(core: DolibarrCore, ticketId: number, filename: string, content: Buffer, overwrite = false): Promise<string> {
  return core.get({
    method: 'POST',
    path: '/documents/upload',
    body: {
      filename,
      modulepart: 'ticket',
      ref: String(ticketId),
      filecontent: content.toString('base64'),
      fileencoding: 'base64',
      overwriteifexists: overwrite ? 1 : 0,
    },
    schema: text,
  });
}

/** No files is a 404 for this endpoint. */
export async function listTicketDocuments(core: DolibarrCore, ticketId: number): Promise<DolDocument[]> {
  const docs = await core.find({ method: 'GET', path: '/documents', query: { modulepart: 'ticket', id: ticketId }, schema: z.array(documentSchema) });
  return docs ?? [];
}

export type TicketDictionary = 'ticket_types' | 'ticket_categories' | 'ticket_severities';

export function dictionary(core: DolibarrCore, name: TicketDictionary): Promise<DolDictionaryEntry[]> {
  return collect(core.list({ method: 'GET', path: `/setup/dictionary/${name}`, schema: z.array(dictionaryEntrySchema) }, DEFAULT_PAGE_SIZE));
}

export async function listExtrafields(core: DolibarrCore, elementType: ExtrafieldElement): Promise<DolExtrafieldDef[]> {
  const defs = await core.find({ method: 'GET', path: '/setup/extrafields', query: { elementtype: elementType }, schema: extrafieldsListSchema });
  return (defs ?? []).filter((d) => d.elementType === elementType);
}

const ATTRNAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Admin only. Dolibarr stores the attribute as a column, hence the strict name. */
export async function createExtrafield(core: DolibarrCore, elementType: ExtrafieldElement, def: NewExtrafield): Promise<void> {
  await core.get({ method: 'POST', path: extrafieldPath(elementType, def), body: extrafieldBody(def), schema: createdId });
}

/** Admin only. Dolibarr alters the column when the type changes; values that fit the new type are kept. */
export async function updateExtrafield(core: DolibarrCore, elementType: ExtrafieldElement, def: NewExtrafield): Promise<void> {
  await core.get({ method: 'PUT', path: extrafieldPath(elementType, def), body: extrafieldBody(def), schema: z.unknown() });
}

function extrafieldPath(elementType: ExtrafieldElement, def: NewExtrafield): string {
  if (!ATTRNAME.test(def.attrname)) throw new InputError('extrafield attrname must be lowercase letters, digits and "_", starting with a letter', [`attrname: ${def.attrname}`]);
  return `/setup/extrafields/${elementType}/${segment(def.attrname)}`;
}

function extrafieldBody(def: NewExtrafield) {
  return {
    label: def.label,
    type: def.type,
    size: extrafieldSize(def),
    pos: def.position ?? 100,
    list: String(def.visibility ?? 1),
    // A link's target is read from param.options' first key ("Class:path"), as the setup page stores it.
    param: def.type === 'link' && def.linkTo ? { options: { [def.linkTo]: null } } : '',
    enabled: '1',
    entity: '1',
    unique: 0,
    required: 0,
    alwayseditable: 1,
    printable: 0,
    totalizable: 0,
  };
}

/**
 * The column size Dolibarr puts into ALTER TABLE as is: a double needs "precision,scale" (a bare "24" is a
 * 500 DB_ERROR_SYNTAX on a real Dolibarr 23, recorded), a varchar a length; html, link, url and duration
 * columns get their size from their type.
 */
function extrafieldSize(def: NewExtrafield): string {
  if (def.type === 'double') return `${def.size ?? 24},8`;
  if (def.type === 'varchar') return String(def.size ?? 255);
  return def.size === undefined ? '' : String(def.size);
}

export function createAgendaEvent(core: DolibarrCore, input: NewAgendaEvent): Promise<number> {
  return core.get({
    method: 'POST',
    path: '/agendaevents',
    body: {
      userownerid: input.userOwnerId,
      type_code: input.typeCode,
      label: input.label,
      note: input.note,
      datep: unixSeconds(input.datep),
      socid: input.socid,
      ...(input.ticketId !== undefined ? { elementtype: 'ticket', fk_element: input.ticketId } : {}),
      caller: core.caller,
    },
    schema: createdId,
  });
}
