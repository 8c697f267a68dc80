import { z } from 'zod';
import { extrafields, fkOrNull, flag, linkedObjects, num, numOrNull, toArrayOptions, unixDate } from '../../../src/erp/dolibarr/schema-primitives';
import { ticketSchema } from '../../../src/erp/dolibarr/schemas';
import { loadRecording } from './recording';

describe('Dolibarr response primitives', () => {
  it('turns string numbers into numbers and refuses non-numbers', () => {
    expect(num.parse('80.00000000')).toBe(80);
    expect(num.parse('-1')).toBe(-1);
    expect(num.parse(1.5)).toBe(1.5);
    expect(num.safeParse('abc').success).toBe(false);
    expect(num.safeParse('').success).toBe(false);
    expect(numOrNull.parse('')).toBeNull();
    expect(numOrNull.parse(null)).toBeNull();
    expect(numOrNull.parse('6300')).toBe(6300);
  });

  it('maps "none" foreign keys (0, -1, "", null) to null', () => {
    expect(fkOrNull.parse('0')).toBeNull();
    expect(fkOrNull.parse('-1')).toBeNull();
    expect(fkOrNull.parse('')).toBeNull();
    expect(fkOrNull.parse('12')).toBe(12);
  });

  it('turns unix timestamps into dates and "" / null into null', () => {
    expect(unixDate.parse(1795359221)).toEqual(new Date(1795359221 * 1000));
    expect(unixDate.parse('1795359221')).toEqual(new Date(1795359221 * 1000));
    expect(unixDate.parse('')).toBeNull();
    expect(unixDate.parse(null)).toBeNull();
    expect(unixDate.parse(undefined)).toBeNull();
  });

  it('reads 0/1 flags in every form', () => {
    expect(flag.parse('1')).toBe(true);
    expect(flag.parse(1)).toBe(true);
    expect(flag.parse('0')).toBe(false);
    expect(flag.parse(null)).toBe(false);
  });

  it('accepts the three forms of linkedObjectsIds; the object form values are the object ids', () => {
    expect(linkedObjects.parse([])).toEqual({});
    expect(linkedObjects.parse(null)).toEqual({});
    expect(linkedObjects.parse({ facture: { '5': '1' }, ticket: { '1': '2', '9': '7' } })).toEqual({ facture: [1], ticket: [2, 7] });
    expect(linkedObjects.parse({ ticket: ['4'] })).toEqual({ ticket: [4] });
    expect(linkedObjects.safeParse({ ticket: { '1': 'x' } }).success).toBe(false);
  });

  it('strips and restores the options_ prefix of extrafields', () => {
    expect(extrafields.parse({ options_helpdesk_id: 'HD-1', options_n: 3 })).toEqual({ helpdesk_id: 'HD-1', n: 3 });
    expect(extrafields.parse([])).toEqual({});
    expect(toArrayOptions({ helpdesk_id: 'HD-1', options_x: null })).toEqual({ options_helpdesk_id: 'HD-1', options_x: null });
  });

  it('ignores unknown keys and reports the path of a bad field', () => {
    const body = loadRecording('ticket_get_full').response.body as Record<string, unknown>;
    const ok = ticketSchema.parse({ ...body, brand_new_key: { nested: true } });
    expect(ok).not.toHaveProperty('brand_new_key');
    const bad = ticketSchema.safeParse({ ...body, datec: 'yesterday' });
    expect(bad.success).toBe(false);
    expect((bad as z.SafeParseError<unknown>).error.issues[0].path).toEqual(['datec']);
  });
});
