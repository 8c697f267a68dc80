import { sqlDate } from '../sqlfilter';
import { Router } from 'express';
import {
  addInterventionLine,
  closeIntervention,
  createIntervention,
  modifyIntervention,
  reopenIntervention,
  validateIntervention,
} from '../actions-sales';
import type { DoubleContext } from '../context';
import { body, callerOf, checkActionBody, found, intParam, optNum, optStr, requireFields, route } from '../http';
import { columnsOf, runList, thirdpartyFilter } from '../list';
import { sanitizeBody } from '../sanitize';
import { interventionBody, interventionDuration } from '../serialize-documents';
import type { DoubleState, Extra, Intervention } from '../state';

/**
 * The recorded sub-select hack: `(t.rowid:in:SELECT fk_target FROM llx_element_element WHERE fk_source = 2
 * AND sourcetype = 0x7469636b6574 AND targettype = 0x66696368696e746572)`; only hex literals survive quoting.
 */
function elementElementSubselect(state: DoubleState) {
  return (sql: string): number[] | undefined => {
    const m =
      /^select\s+fk_target\s+from\s+llx_element_element\s+where\s+fk_source\s*=\s*(\d+)\s+and\s+sourcetype\s*=\s*0x([0-9a-f]+)\s+and\s+targettype\s*=\s*0x([0-9a-f]+)\s*$/i.exec(
        sql.trim(),
      );
    if (!m) return undefined;
    const [source, sourcetype, targettype] = [Number(m[1]), Buffer.from(m[2], 'hex').toString(), Buffer.from(m[3], 'hex').toString()];
    return state.links.filter((l) => l.fk_source === source && l.sourcetype === sourcetype && l.targettype === targettype).map((l) => l.fk_target);
  };
}

export function interventionsRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;
  const byId = (id: number): Intervention =>
    found(
      state.interventions.find((f) => f.id === id),
      'Intervention not found',
    );
  const columns = columnsOf<Intervention>(
    {
      't.rowid': ['int', (f) => f.id],
      't.ref': ['str', (f) => f.ref],
      't.fk_soc': ['int', (f) => f.socid],
      't.fk_contrat': ['int', (f) => f.fk_contrat ?? 0],
      't.fk_statut': ['int', (f) => f.statut],
      't.fk_projet': ['int', (f) => f.fk_project],
      't.ref_client': ['str', (f) => f.ref_client],
      't.duree': ['int', (f) => interventionDuration(f)],
      't.tms': ['date', (f) => sqlDate(f.datem)],
    },
    { state, elementtype: 'fichinter', get: (f) => f.array_options },
  );

  r.get(
    '/interventions',
    route((req) =>
      runList(req.query, {
        rows: state.interventions,
        columns,
        errorPrefix: 'Error when retrieve intervention list',
        serialize: (f) => interventionBody(state, f),
        keep: thirdpartyFilter<Intervention>(req.query, (f) => f.socid),
        subselect: elementElementSubselect(state),
      }),
    ),
  );
  r.get(
    '/interventions/:id',
    route((req) => interventionBody(state, byId(intParam(req)))),
  );

  r.post(
    '/interventions',
    route((req) => {
      const b = sanitizeBody(body(req));
      requireFields(b, ['socid', 'fk_project', 'description']);
      // linkedObjectsIds is ignored for interventions; only origin/origin_id links a ticket (recorded).
      const originTicketId = b.origin === 'ticket' ? (optNum(b.origin_id) ?? undefined) : undefined;
      const fi = createIntervention(
        ctx,
        {
          socid: Number(b.socid),
          fk_project: Number(b.fk_project),
          description: String(b.description),
          fk_contrat: optNum(b.fk_contrat),
          ref_client: optStr(b.ref_client),
          note_public: optStr(b.note_public),
          note_private: optStr(b.note_private),
          array_options: (b.array_options as Extra | undefined) ?? {},
          originTicketId,
        },
        callerOf(b),
      );
      return fi.id;
    }),
  );

  r.post(
    '/interventions/:id/lines',
    route((req) => {
      const fi = byId(intParam(req));
      const b = sanitizeBody(body(req));
      requireFields(b, ['description', 'date', 'duration']);
      return addInterventionLine(ctx, fi, String(b.description), Number(b.date), Number(b.duration));
    }),
  );

  r.put(
    '/interventions/:id',
    route((req) => {
      const fi = byId(intParam(req));
      const b = sanitizeBody(body(req));
      // Status is not writable through PUT ({"statut":2} is ignored, recorded).
      if (b.description !== undefined) fi.description = String(b.description);
      if (b.ref_client !== undefined) fi.ref_client = optStr(b.ref_client) ?? null;
      if (b.note_public !== undefined) fi.note_public = optStr(b.note_public) ?? null;
      if (b.note_private !== undefined) fi.note_private = optStr(b.note_private) ?? null;
      if (b.array_options && typeof b.array_options === 'object') fi.array_options = { ...fi.array_options, ...(b.array_options as Extra) };
      modifyIntervention(ctx, fi, callerOf(b));
      return interventionBody(state, fi);
    }),
  );

  const action = (name: string, fn: (ctx: DoubleContext, fi: Intervention) => void): void => {
    r.post(
      `/interventions/:id/${name}`,
      route((req) => {
        const fi = byId(intParam(req));
        checkActionBody(req);
        fn(ctx, fi);
        return interventionBody(state, fi, 'action');
      }),
    );
  };
  action('validate', validateIntervention);
  action('close', closeIntervention);
  action('reopen', reopenIntervention);
  return r;
}
