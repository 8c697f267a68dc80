import { InputError } from '../../plugin-sdk';
import { z } from 'zod';
import type { ExtrafieldElement, NewExtrafield } from './api';
import type { DolibarrCore } from './core';
import { segment } from './path';
import { createdId } from './schema-primitives';
import { extrafieldsListSchema } from './schemas';
import type { DolExtrafieldDef } from './types';

/** Extrafield definitions (setup). */

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
  if (!ATTRNAME.test(def.attrname))
    throw new InputError('extrafield attrname must be lowercase letters, digits and "_", starting with a letter', [`attrname: ${def.attrname}`]);
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
