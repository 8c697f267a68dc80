import { InvalidRequestError } from '../../../src/plugin-sdk';
import { buildSqlFilters, formatSqlDate, isFilterSafe } from '../../../src/erp/dolibarr/sqlfilters';

describe('sqlfilters builder', () => {
  it('quotes strings and joins conditions with "and"', () => {
    expect(
      buildSqlFilters(
        [
          { field: 't.fk_soc', op: '=', value: 1 },
          { field: 't.email', op: '=', value: 'contact@acme.example' },
          { field: 't.fk_statut', op: 'in', value: [0, 1, 2, 3, 5, 7] },
        ],
        '/tickets',
      ),
    ).toBe("(t.fk_soc:=:1) and (t.email:=:'contact@acme.example') and (t.fk_statut:in:0,1,2,3,5,7)");
  });

  it('returns undefined for no conditions, so no sqlfilters parameter is sent', () => {
    expect(buildSqlFilters([], '/tickets')).toBeUndefined();
  });

  it("keeps an apostrophe as is: Dolibarr takes the value between the first and last quote (o''brien finds nothing)", () => {
    expect(buildSqlFilters([{ field: 't.email', op: '=', value: "o'brien@example.ie" }], '/thirdparties')).toBe("(t.email:=:'o'brien@example.ie')");
  });

  it('keeps an injection attempt inside one quoted literal', () => {
    const f = buildSqlFilters([{ field: 't.email', op: '=', value: "' OR 1=1 --" }], '/thirdparties');
    expect(f).toBe("(t.email:=:'' OR 1=1 --')");
    expect(f!.startsWith("(t.email:=:'")).toBe(true);
    expect(f!.endsWith("')")).toBe(true);
  });

  it.each(['ACME (FR)', 'x) or (1:=:1', 'a(b', 'close)'])('refuses %j before any call, naming the problem', (value) => {
    expect(() => buildSqlFilters([{ field: 't.nom', op: '=', value }], '/thirdparties')).toThrow(InvalidRequestError);
    expect(() => buildSqlFilters([{ field: 't.nom', op: '=', value }], '/thirdparties')).toThrow(/contains "\(" or "\)"/);
  });

  it('refuses control characters', () => {
    expect(() => buildSqlFilters([{ field: 't.nom', op: '=', value: 'a\nb' }], '/thirdparties')).toThrow(/control characters/);
  });

  it.each(['t.email;DROP', 't.email)', "t.e'mail", 't email', '', 'ef.name-x'])('refuses field name %j', (field) => {
    expect(() => buildSqlFilters([{ field, op: '=', value: 1 }], '/tickets')).toThrow(/field name/);
  });

  it('neutralises user % and _ in LIKE values (single-char wildcard, re-checked by callers)', () => {
    expect(buildSqlFilters([{ field: 't.ref', op: 'like', value: { startsWith: 'HD_1%' } }], '/tickets')).toBe("(t.ref:like:'HD_1_%')");
    expect(buildSqlFilters([{ field: 't.email', op: 'like', value: { endsWith: '@100%.example' } }], '/thirdparties')).toBe(
      "(t.email:like:'%@100_.example')",
    );
    expect(buildSqlFilters([{ field: 't.nom', op: 'notlike', value: { contains: '50%' } }], '/thirdparties')).toBe("(t.nom:notlike:'%50_%')");
  });

  it('builds a separator-tolerant digit pattern and refuses anything but digits in it', () => {
    expect(buildSqlFilters([{ field: 't.phone', op: 'like', value: { digitsEndWith: '400000001' } }], '/contacts')).toBe(
      "(t.phone:like:'%4%0%0%0%0%0%0%0%1')",
    );
    expect(() => buildSqlFilters([{ field: 't.phone', op: 'like', value: { digitsEndWith: "1' or '" } }], '/contacts')).toThrow(InvalidRequestError);
  });

  it('keeps unicode untouched inside quotes', () => {
    expect(buildSqlFilters([{ field: 't.nom', op: '=', value: 'Zoë Łódź 🔥 日本' }], '/thirdparties')).toBe("(t.nom:=:'Zoë Łódź 🔥 日本')");
  });

  it('accepts only non-empty integer lists for in/notin', () => {
    expect(buildSqlFilters([{ field: 't.rowid', op: 'notin', value: [3, 4] }], '/tickets')).toBe('(t.rowid:notin:3,4)');
    expect(() => buildSqlFilters([{ field: 't.rowid', op: 'in', value: [] }], '/tickets')).toThrow(/non-empty list of integers/);
    expect(() => buildSqlFilters([{ field: 't.rowid', op: 'in', value: [1.5] }], '/tickets')).toThrow(/integers/);
  });

  it('refuses non-finite numbers and writes NULL for is/isnot', () => {
    expect(() => buildSqlFilters([{ field: 't.progress', op: '>', value: Number.NaN }], '/tickets')).toThrow(/finite/);
    expect(buildSqlFilters([{ field: 't.date_close', op: 'is', value: null }], '/tickets')).toBe('(t.date_close:is:NULL)');
  });

  it('formats dates as UTC "YYYY-MM-DD HH:MM:SS" strings, as the tms comparison expects', () => {
    const d = new Date('2026-11-22T15:00:00.789Z');
    expect(formatSqlDate(d)).toBe('2026-11-22 15:00:00');
    expect(buildSqlFilters([{ field: 't.tms', op: '>=', value: d }], '/tickets')).toBe("(t.tms:>=:'2026-11-22 15:00:00')");
  });

  it('tells callers whether a text can be searched with sqlfilters at all', () => {
    expect(isFilterSafe("o'brien@example.ie")).toBe(true);
    expect(isFilterSafe('john(work)@example.com')).toBe(false);
  });

  it('names the endpoint in the refusal', () => {
    try {
      buildSqlFilters([{ field: 't.nom', op: '=', value: 'A (B)' }], '/thirdparties');
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as InvalidRequestError).path).toBe('/thirdparties');
      expect((err as InvalidRequestError).system).toBe('dolibarr');
    }
  });
});
