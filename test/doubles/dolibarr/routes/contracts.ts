import { Router } from 'express';
import type { DoubleContext } from '../context';
import { body, found, intParam, route } from '../http';
import { columnsOf, runList, thirdpartyFilter } from '../list';
import { contractBody } from '../serialize-crm';
import type { Contract, Extra } from '../state';

/** Contracts are seeded through /__double/seed; the bridge reads them and writes their extrafields. */
export function contractsRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;
  const byId = (id: number): Contract =>
    found(
      state.contracts.find((c) => c.id === id),
      'Contract not found',
    );
  const columns = columnsOf<Contract>({
    't.rowid': ['int', (c) => c.id],
    't.ref': ['str', (c) => c.ref],
    't.fk_soc': ['int', (c) => c.socid],
    't.statut': ['int', (c) => c.statut],
    't.ref_customer': ['str', (c) => c.ref_customer],
  });

  r.get(
    '/contracts',
    route((req) =>
      runList(req.query, {
        rows: state.contracts,
        columns,
        errorPrefix: 'Error when retrieve contrat list',
        serialize: (c) => {
          const b = contractBody(state, c);
          return req.query.withLines === 'false' || req.query.withLines === '0' ? { ...b, lines: [] } : b;
        },
        keep: thirdpartyFilter<Contract>(req.query, (c) => c.socid),
      }),
    ),
  );
  r.get(
    '/contracts/:id',
    route((req) => contractBody(state, byId(intParam(req)))),
  );
  r.get(
    '/contracts/:id/lines',
    route((req) => contractBody(state, byId(intParam(req))).lines),
  );
  r.put(
    '/contracts/:id',
    route((req) => {
      const c = byId(intParam(req));
      const b = body(req);
      if (b.array_options && typeof b.array_options === 'object') c.array_options = { ...(c.array_options ?? {}), ...(b.array_options as Extra) };
      return contractBody(state, c);
    }),
  );
  return r;
}
