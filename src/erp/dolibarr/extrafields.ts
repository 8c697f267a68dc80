import { InputError } from '../../plugin-sdk';
import type { NewExtrafield } from './api';
import type { DolibarrCore } from './core';
import { segment } from './path';
import { createdId } from './schema-primitives';
import { extrafieldsListSchema } from './schemas';
import type { DolExtrafieldDef } from './types';

/** Extrafield definitions (setup). */

export async function listExtrafields(core: DolibarrCore, elementType: 'ticket' | 'fichinter'): Promise<DolExtrafieldDef[]> {
  const defs = await core.find({ method: 'GET', path: '/setup/extrafields', query: { elementtype: elementType }, schema: extrafieldsListSchema });
  return (defs ?? []).filter((d) => d.elementType === elementType);
}

const ATTRNAME = /^[a-z][a-z0-9_]{0,63}$/;

/** Admin only. Dolibarr stores the attribute as a column, hence the strict name. */
export async function createExtrafield(core: DolibarrCore, elementType: 'ticket' | 'fichinter', def: NewExtrafield): Promise<void> {
  if (!ATTRNAME.test(def.attrname)) throw new InputError('extrafield attrname must be lowercase letters, digits and "_", starting with a letter', [`attrname: ${def.attrname}`]);
  await core.get({
    method: 'POST',
    path: `/setup/extrafields/${elementType}/${segment(def.attrname)}`,
    body: {
      label: def.label,
      type: def.type,
      size: extrafieldSize(def),
      pos: def.position ?? 100,
      list: '1',
      enabled: '1',
      entity: '1',
      unique: 0,
      required: 0,
      alwayseditable: 1,
      printable: 0,
      totalizable: 0,
    },
    schema: createdId,
  });
}

/**
 * The column size Dolibarr puts into ALTER TABLE as is: a double needs "precision,scale" (a bare "24" is a
 * 500 DB_ERROR_SYNTAX on a real Dolibarr 23, recorded), a varchar a length.
 */
function extrafieldSize(def: NewExtrafield): string {
  if (def.type === 'double') return `${def.size ?? 24},8`;
  return String(def.size ?? (def.type === 'varchar' ? 255 : ''));
}
