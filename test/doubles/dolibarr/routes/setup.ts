import { Router } from 'express';
import type { DoubleContext } from '../context';
import { DolibarrHttpError } from '../errors';
import { body, optNum, optStr, requireFields, route } from '../http';
import { extrafieldBody } from '../serialize-crm';
import dictionaries from '../templates/dictionaries.json';
import { nextId } from '../state';

export function setupRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;
  r.get(
    '/status',
    route(() => ({ success: { code: 200, dolibarr_version: '23.0.0-beta', access_locked: '0' } })),
  );
  r.get(
    '/setup/modules',
    route(() => dictionaries.modules),
  );
  for (const dict of ['ticket_types', 'ticket_categories', 'ticket_severities'] as const) {
    r.get(
      `/setup/dictionary/${dict}`,
      route(() => dictionaries[dict]),
    );
  }

  r.get(
    '/setup/extrafields',
    route((req) => {
      const wanted = typeof req.query.elementtype === 'string' ? req.query.elementtype : undefined;
      const out: Record<string, Record<string, unknown>> = {};
      for (const d of state.extrafields.filter((x) => !wanted || x.elementtype === wanted)) {
        (out[d.elementtype] ??= {})[d.attrname] = extrafieldBody(d);
      }
      return Object.keys(out).length ? out : [];
    }),
  );
  r.post(
    '/setup/extrafields/:elementtype/:attrname',
    route((req) => {
      const { elementtype, attrname } = req.params;
      const b = body(req);
      requireFields(b, ['label', 'type']);
      if (state.extrafields.some((d) => d.elementtype === elementtype && d.attrname === attrname)) {
        throw new DolibarrHttpError(500, 'Error creating extrafield');
      }
      // Dolibarr puts the size into ALTER TABLE as is: DOUBLE needs "precision,scale" (recorded: extrafield_create_double_bare_size_500).
      if (String(b.type) === 'double' && !/^\d+,\d+$/.test(optStr(b.size) ?? '')) {
        throw new DolibarrHttpError(500, 'Error creating extrafield', ['DB_ERROR_SYNTAX']);
      }
      const id = nextId(state, `extrafields:${elementtype}`);
      state.extrafields.push({
        id,
        elementtype,
        attrname,
        label: String(b.label),
        type: String(b.type),
        size: optStr(b.size) ?? '',
        pos: optNum(b.pos) ?? 100,
        list: optStr(b.list) ?? '1',
        param: b.param ?? '',
      });
      return id;
    }),
  );
  r.put(
    '/setup/extrafields/:elementtype/:attrname',
    route((req) => {
      const { elementtype, attrname } = req.params;
      const b = body(req);
      const def = state.extrafields.find((d) => d.elementtype === elementtype && d.attrname === attrname);
      if (!def) throw new DolibarrHttpError(404, 'Extrafield not found from attrname and elementtype');
      if (!b.label) throw new DolibarrHttpError(400, 'label field absent in json at root level');
      Object.assign(def, {
        label: String(b.label),
        type: optStr(b.type) ?? def.type,
        size: optStr(b.size) ?? def.size,
        pos: optNum(b.pos) ?? def.pos,
        list: optStr(b.list) ?? def.list,
        param: b.param ?? def.param,
      });
      return def.id;
    }),
  );
  return r;
}
