import { fromExternalReference, toExternalReference } from '../../../plugins/projeqtor/external-ref';

describe('ProjeQtor external references stay within [A-Za-z0-9._-]', () => {
  it.each(['HD-10042', '2024120510000012', 'rt.42', 'SPT-7'])('keeps %s as is', (ref) => {
    expect(toExternalReference(ref)).toBe(ref);
    expect(fromExternalReference(ref)).toBe(ref);
  });

  it.each([
    ["HD-O'Brien/1", 'HD-O_27Brien_2F1'],
    ['a_b', 'a_5Fb'],
    ['Ticket #7 é', 'Ticket_20_237_20_C3_A9'],
  ])('encodes %s one-to-one', (ref, stored) => {
    expect(toExternalReference(ref)).toBe(stored);
    expect(stored).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(fromExternalReference(stored)).toBe(ref);
  });

  it('keeps apart references that differ only by a replaced character', () => {
    expect(toExternalReference('HD/1')).not.toBe(toExternalReference('HD-1'));
    expect(toExternalReference('HD_1')).not.toBe(toExternalReference('HD 1'));
  });

  it('shows a value a developer typed by hand as it is', () => {
    expect(fromExternalReference('my_ref')).toBe('my_ref');
    expect(fromExternalReference('HD 10042 (mail)')).toBe('HD 10042 (mail)');
  });
});
