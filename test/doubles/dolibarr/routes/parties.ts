import { Router } from 'express';
import type { DoubleContext } from '../context';
import { body, found, intParam, optNum, optStr, requireFields, route } from '../http';
import { columnsOf, runList, thirdpartyFilter } from '../list';
import { normalizeThirdPartyPhone, sanitizeBody } from '../sanitize';
import { contactBody, productBody, thirdpartyBody, userBody } from '../serialize-crm';
import type { Contact, Product, ThirdParty, User } from '../state';
import { API_USER_ID, nextId, nowTs, refPeriod } from '../state';

/** Third parties, contacts, users and products: the lookups the bridge uses to resolve customers. */
export function partiesRouter(ctx: DoubleContext): Router {
  const r = Router();
  const { state } = ctx;
  const ieq = (a: string | null, b: string): boolean => (a ?? '').toLowerCase() === b.toLowerCase();

  const socColumns = columnsOf<ThirdParty>({
    't.rowid': ['int', (s) => s.id],
    't.nom': ['str', (s) => s.name],
    't.email': ['str', (s) => s.email],
    't.phone': ['str', (s) => s.phone],
    't.code_client': ['str', (s) => s.code_client],
    't.client': ['int', (s) => s.client],
    't.status': ['int', (s) => s.status],
  });
  r.get(
    '/thirdparties',
    route((req) =>
      runList(req.query, {
        rows: state.thirdparties,
        columns: socColumns,
        errorPrefix: 'Error when retrieve thirdparties',
        serialize: thirdpartyBody,
        emptyNotFound: 'No third parties found',
      }),
    ),
  );
  r.get(
    '/thirdparties/email/:email',
    route((req) =>
      thirdpartyBody(
        found(
          state.thirdparties.find((s) => ieq(s.email, req.params.email)),
          'Thirdparty not found',
        ),
      ),
    ),
  );
  r.get(
    '/thirdparties/:id',
    route((req) => {
      const id = intParam(req);
      return thirdpartyBody(
        found(
          state.thirdparties.find((s) => s.id === id),
          'Thirdparty not found',
        ),
      );
    }),
  );
  r.post(
    '/thirdparties',
    route((req) => {
      const b = sanitizeBody(body(req));
      requireFields(b, ['name']);
      const id = nextId(state, 'thirdparties');
      const auto = b.code_client === '-1' || b.code_client === -1;
      state.thirdparties.push({
        id,
        name: String(b.name),
        email: optStr(b.email) ?? null,
        phone: b.phone ? normalizeThirdPartyPhone(String(b.phone)) : null,
        client: optNum(b.client) ?? 0,
        status: 1,
        town: optStr(b.town) ?? null,
        datec: nowTs(),
        code_client: auto ? `CU${refPeriod(nowTs())}-${String(nextId(state, 'codeClient')).padStart(5, '0')}` : (optStr(b.code_client) ?? null),
      });
      return id;
    }),
  );

  const contactColumns = columnsOf<Contact>({
    't.rowid': ['int', (c) => c.id],
    't.email': ['str', (c) => c.email],
    't.phone': ['str', (c) => c.phone_pro],
    't.phone_mobile': ['str', (c) => c.phone_mobile],
    't.fk_soc': ['int', (c) => c.socid],
    't.lastname': ['str', (c) => c.lastname],
    't.firstname': ['str', (c) => c.firstname],
    't.statut': ['int', (c) => c.statut],
  });
  r.get(
    '/contacts',
    route((req) =>
      runList(req.query, {
        rows: state.contacts,
        columns: contactColumns,
        errorPrefix: 'Error when retrieve contacts',
        serialize: (c) => contactBody(state, c),
        keep: thirdpartyFilter<Contact>(req.query, (c) => c.socid),
      }),
    ),
  );
  r.get(
    '/contacts/email/:email',
    route((req) =>
      contactBody(
        state,
        found(
          state.contacts.find((c) => ieq(c.email, req.params.email)),
          'Contact not found',
        ),
      ),
    ),
  );
  r.get(
    '/contacts/:id',
    route((req) => {
      const id = intParam(req);
      return contactBody(
        state,
        found(
          state.contacts.find((c) => c.id === id),
          'Contact not found',
        ),
      );
    }),
  );
  r.post(
    '/contacts',
    route((req) => {
      const b = sanitizeBody(body(req));
      requireFields(b, ['lastname']);
      const id = nextId(state, 'contacts');
      state.contacts.push({
        id,
        socid: optNum(b.socid) ?? null,
        lastname: String(b.lastname),
        firstname: optStr(b.firstname) ?? null,
        email: optStr(b.email) ?? null,
        phone_pro: optStr(b.phone_pro) ?? null,
        phone_mobile: optStr(b.phone_mobile) ?? null,
        statut: 1,
        datec: nowTs(),
      });
      return id;
    }),
  );

  const userColumns = columnsOf<User>({
    't.rowid': ['int', (u) => u.id],
    't.login': ['str', (u) => u.login],
    't.email': ['str', (u) => u.email],
    't.statut': ['int', (u) => u.statut],
    't.lastname': ['str', (u) => u.lastname],
    't.firstname': ['str', (u) => u.firstname],
  });
  const user = (u: User | undefined): ReturnType<typeof userBody> => userBody(found(u, 'User not found'));
  r.get(
    '/users',
    route((req) =>
      runList(req.query, { rows: state.users, columns: userColumns, errorPrefix: 'Error when retrieve User list', serialize: userBody }),
    ),
  );
  r.get(
    '/users/info',
    route(() => user(state.users.find((u) => u.id === API_USER_ID))),
  );
  r.get(
    '/users/email/:email',
    route((req) => user(state.users.find((u) => ieq(u.email, req.params.email)))),
  );
  r.get(
    '/users/login/:login',
    route((req) => user(state.users.find((u) => u.login === req.params.login))),
  );
  r.get(
    '/users/:id',
    route((req) => {
      const id = intParam(req);
      return user(state.users.find((u) => u.id === id));
    }),
  );

  const productColumns = columnsOf<Product>({
    't.rowid': ['int', (p) => p.id],
    't.ref': ['str', (p) => p.ref],
    't.label': ['str', (p) => p.label],
    't.fk_product_type': ['int', (p) => p.type],
    't.tosell': ['int', (p) => p.status],
  });
  r.get(
    '/products',
    route((req) =>
      runList(req.query, { rows: state.products, columns: productColumns, errorPrefix: 'Error when retrieve product list', serialize: productBody }),
    ),
  );
  r.get(
    '/products/ref/:ref',
    route((req) =>
      productBody(
        found(
          state.products.find((p) => p.ref === req.params.ref),
          'Product not found',
        ),
      ),
    ),
  );
  r.get(
    '/products/:id',
    route((req) => {
      const id = intParam(req);
      return productBody(
        found(
          state.products.find((p) => p.id === id),
          'Product not found',
        ),
      );
    }),
  );
  return r;
}
