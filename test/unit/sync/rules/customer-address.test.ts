import { parseCustomerField } from '../../../../src/sync/rules/customer-address';

describe('customer e-mail fields', () => {
  it('answers a field parsed before as the first time, and an answer changed by its caller does not change the next', () => {
    const field = 'Marie Durand <Marie.Durand@acme.example>; paul@acme.example';
    const first = parseCustomerField(field);
    expect(first).toEqual({ emails: ['marie.durand@acme.example', 'paul@acme.example'], other: null });
    first.emails.push('intruder@evil.example');
    expect(parseCustomerField(field)).toEqual({ emails: ['marie.durand@acme.example', 'paul@acme.example'], other: null });
    expect(parseCustomerField('+33 1 23 45 67 89')).toEqual({ emails: [], other: '+33 1 23 45 67 89' });
  });
});
