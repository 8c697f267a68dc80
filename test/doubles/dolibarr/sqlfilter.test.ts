import { compileSqlFilter, type Column } from './sqlfilter';
import { seedBasics, startForTest, type Started } from './test-support';

type Row = { id: number; email: string | null; name: string };
const rows: Row[] = [
  { id: 1, email: 'contact@acme.example', name: 'ACME' },
  { id: 2, email: "o'brien@example.ie", name: "O'Brien & Sons" },
  { id: 3, email: null, name: 'a_b%c' },
];
const columns = (f: string): Column<Row> | undefined =>
  ({
    't.rowid': { type: 'int', get: (r: Row) => r.id },
    't.email': { type: 'str', get: (r: Row) => r.email },
    't.nom': { type: 'str', get: (r: Row) => r.name },
  })[f] as Column<Row> | undefined;
const ids = (filter: string): number[] => rows.filter(compileSqlFilter(filter, columns, 'Error when retrieve x')).map((r) => r.id);
const failure = (filter: string): { status: number; detail?: string } => {
  try {
    compileSqlFilter(filter, columns, 'Error when retrieve x');
  } catch (err) {
    return err as { status: number; detail?: string };
  }
  throw new Error(`no error for ${filter}`);
};

describe('sqlfilters grammar of the double', () => {
  it('matches a quoted value greedily between the first and last quote, case-insensitively', () => {
    expect(ids("(t.email:=:'o'brien@example.ie')")).toEqual([2]);
    expect(ids("(t.email:=:'o''brien@example.ie')")).toEqual([]);
    expect(ids("(t.email:=:'CONTACT@acme.example')")).toEqual([1]);
    expect(ids("(t.email:=:'x' OR 1=1 -- ')")).toEqual([]);
  });

  it('treats an unquoted string as a column reduced to [a-zA-Z0-9_] → 503 unknown column', () => {
    expect(failure('(t.email:=:contact@acme.example)')).toMatchObject({
      status: 503,
      detail: "Error when retrieve x : Unknown column 'contactacmeexample' in 'WHERE'",
    });
    expect(failure('(t.nosuch:=:1)')).toMatchObject({ status: 503, detail: "Error when retrieve x : Unknown column 't.nosuch' in 'WHERE'" });
  });

  it('rejects parentheses in values and malformed criteria with 400', () => {
    expect(failure("(t.nom:=:'ACME (FR)')")).toMatchObject({
      status: 400,
      detail: "Error when validating parameter sqlfilters -> Bad syntax of the search string: (t.nom:=:'ACME (FR)')",
    });
    expect(failure("t.email='x'")).toMatchObject({
      status: 400,
      detail: "Error when validating parameter sqlfilters -> Bad syntax of the search string: (t.email='x')",
    });
  });

  it('uses % and _ of LIKE as wildcards, and supports in, is, and/or with AND binding tighter', () => {
    expect(ids("(t.nom:like:'%brien%')")).toEqual([2]);
    expect(ids("(t.nom:like:'a_b_c')")).toEqual([3]);
    expect(ids("(t.nom:notlike:'a%')")).toEqual([2]);
    expect(ids('(t.rowid:in:1,3)')).toEqual([1, 3]);
    expect(ids('(t.email:is:NULL)')).toEqual([3]);
    expect(ids("(t.rowid:=:1) or (t.rowid:=:2) and (t.email:=:'none')")).toEqual([1]);
    expect(ids('((t.rowid:=:1) or (t.rowid:=:2)) and (t.rowid:>=:2)')).toEqual([2]);
    expect(ids('(1:=:1)')).toEqual([1, 2, 3]);
  });
});

describe('sqlfilters through the API', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startForTest();
    await s.control.post('/seed', seedBasics);
  });
  afterAll(() => s.double.close());

  it('finds third parties by normalised phone and answers 404 when none match, [] for other lists', async () => {
    const hit = await s.api.get('/thirdparties', { params: { sqlfilters: "(t.phone:=:'+33123456789')", properties: 'id,name,phone' } });
    expect(hit.data).toEqual([{ id: '1', name: 'ACME Helpdesk Client', phone: '+33123456789' }]);
    const miss = await s.api.get('/thirdparties', { params: { sqlfilters: "(t.phone:=:'+33 1 23 45 67 89')" } });
    expect(miss.status).toBe(404);
    expect(miss.data.error.message).toBe('Not Found: No third parties found');
    const contacts = await s.api.get('/contacts', { params: { sqlfilters: '(t.rowid:=:0)' } });
    expect([contacts.status, contacts.data]).toEqual([200, []]);
  });

  it('filters tickets on extrafields, dates as strings, and pages with limit/page', async () => {
    for (const n of [1, 2, 3]) await s.api.post('/tickets', { subject: `T${n}`, message: 'm', array_options: { options_helpdesk_id: `HD-${n}` } });
    const ef = await s.api.get('/tickets', { params: { sqlfilters: "(ef.helpdesk_id:=:'HD-2')", properties: 'id,ref' } });
    expect(ef.data).toHaveLength(1);
    const since = await s.api.get('/tickets', { params: { sqlfilters: "(t.tms:>:'2000-01-01 00:00:00')", sortfield: 't.tms', sortorder: 'DESC' } });
    expect(since.data).toHaveLength(3);
    const page = await s.api.get('/tickets', { params: { limit: 2, page: 1, properties: 'id' } });
    expect(page.data).toEqual([{ id: '3' }]);
    const paged = await s.api.get('/tickets', { params: { limit: 2, page: 0, pagination_data: 'true', properties: 'id' } });
    expect(paged.data.pagination).toEqual({ total: 3, page: 0, page_count: 2, limit: 2 });
    const badSort = await s.api.get('/tickets', { params: { sortfield: 't.rowid;DROP TABLE x' } });
    expect(badSort.status).toBe(503);
  });

  it('runs the hex sub-select hack that lists interventions linked to a ticket', async () => {
    const fi = (await s.api.post('/interventions', { socid: 1, fk_project: 0, description: 'x', origin: 'ticket', origin_id: 2 })).data;
    await s.api.post('/interventions', { socid: 1, fk_project: 0, description: 'unlinked' });
    const hex = (t: string): string => `0x${Buffer.from(t).toString('hex')}`;
    const sql = `(t.rowid:in:SELECT fk_target FROM llx_element_element WHERE fk_source = 2 AND sourcetype = ${hex('ticket')} AND targettype = ${hex('fichinter')})`;
    const res = await s.api.get('/interventions', { params: { sqlfilters: sql, properties: 'id' } });
    expect(res.data).toEqual([{ id: String(fi) }]);
  });
});
