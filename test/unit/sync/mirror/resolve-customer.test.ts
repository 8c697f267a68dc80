import { rulesConfigSchema } from '../../../../src/config/rules-schema';
import { InputError } from '../../../../src/plugin-sdk';
import { resolveCustomer, type CustomerResolution } from '../../../../src/sync/mirror/resolve-customer';
import { FakeDolibarr } from '../../../support/fakes/fake-dolibarr';
import { MemoryCache } from '../../../support/fakes/rule-ports';

function setup(overrides: Record<string, unknown> = {}) {
  const erp = new FakeDolibarr();
  // Shaped after thirdparty_get / contacts_list_by_email: phones as recorded.
  erp.addThirdParty({ id: 1, name: 'ACME Helpdesk Client', email: 'contact@acme.example', phone: '+33 1 23 45 67 89' });
  erp.addThirdParty({ id: 2, name: 'Globex', email: 'info@globex.example', phone: '+33 4 56 78 90 12' });
  erp.addContact({
    id: 1,
    socid: 1,
    firstname: 'Marie',
    lastname: 'Durand',
    email: 'marie.durand@acme.example',
    phonePro: '+33 4 00 00 00 01',
    phoneMobile: '06 00 00 00 01',
  });
  const config = rulesConfigSchema.parse({ customer: overrides }).customer;
  const cache = new MemoryCache<CustomerResolution>();
  return { erp, config, cache, deps: { erp, config, cache } };
}

describe('resolveCustomer', () => {
  it('finds the third party through the contact with that e-mail', async () => {
    const { deps } = setup();
    await expect(resolveCustomer({ email: 'Marie.Durand@acme.example' }, deps)).resolves.toEqual({
      kind: 'found',
      socid: 1,
      contactId: 1,
      via: 'contact',
    });
  });

  it('is ambiguous when contacts sharing an e-mail sit on different third parties', async () => {
    const { erp, deps } = setup();
    erp.addContact({ id: 2, socid: 2, lastname: 'Durand', email: 'marie.durand@acme.example' });
    await expect(resolveCustomer({ email: 'marie.durand@acme.example' }, deps)).resolves.toEqual({
      kind: 'ambiguous',
      candidates: [
        { socid: 1, name: 'ACME Helpdesk Client' },
        { socid: 2, name: 'Globex' },
      ],
    });
  });

  it('is not ambiguous when several contacts with the e-mail belong to the same third party', async () => {
    const { erp, deps } = setup();
    erp.addContact({ id: 7, socid: 1, lastname: 'Durand bis', email: 'marie.durand@acme.example' });
    await expect(resolveCustomer({ email: 'marie.durand@acme.example' }, deps)).resolves.toEqual({
      kind: 'found',
      socid: 1,
      contactId: 1,
      via: 'contact',
    });
  });

  it('passes an apostrophe in an e-mail through unchanged', async () => {
    const { erp, deps } = setup();
    erp.addContact({ id: 3, socid: 2, lastname: "O'Brien", email: "o'brien@example.ie" });
    await expect(resolveCustomer({ email: "o'brien@example.ie" }, deps)).resolves.toMatchObject({ kind: 'found', socid: 2, via: 'contact' });
  });

  it('falls back to the third party carrying the e-mail', async () => {
    const { deps } = setup();
    await expect(resolveCustomer({ email: 'info@globex.example' }, deps)).resolves.toEqual({ kind: 'found', socid: 2, via: 'thirdparty-email' });
  });

  it('matches by e-mail domain, but never by a public mail domain', async () => {
    const { erp, deps } = setup();
    await expect(resolveCustomer({ email: 'new.person@acme.example' }, deps)).resolves.toEqual({ kind: 'found', socid: 1, via: 'domain' });
    erp.addThirdParty({ id: 3, name: 'Someone at gmail', email: 'someone@gmail.com' });
    await expect(resolveCustomer({ email: 'stranger@gmail.com' }, deps)).resolves.toEqual({ kind: 'unknown' });
    expect(erp.reads.findThirdPartiesByEmailDomain).toBe(1);
  });

  it('does not match by domain when that is switched off', async () => {
    const { deps } = setup({ matchByDomain: false });
    await expect(resolveCustomer({ email: 'new.person@acme.example' }, deps)).resolves.toEqual({ kind: 'unknown' });
  });

  it.each([
    ['national form', '0123456789@acme.example'],
    ['international form', '+33123456789@acme.example'],
    ['international without plus', '33123456789@acme.example'],
  ])('recognises a phone pseudo-address in %s', async (_label, email) => {
    const { erp, deps } = setup();
    await expect(resolveCustomer({ email }, deps)).resolves.toEqual({ kind: 'found', socid: 1, via: 'phone' });
    expect(erp.reads.findContactsByEmail).toBeUndefined();
  });

  it('finds a contact whose phone is stored in national, unnormalised form', async () => {
    const { deps } = setup();
    await expect(resolveCustomer({ email: '0600000001@acme.example' }, deps)).resolves.toEqual({
      kind: 'found',
      socid: 1,
      contactId: 1,
      via: 'phone',
    });
    await expect(resolveCustomer({ phone: '+33 6 00 00 00 01' }, deps)).resolves.toMatchObject({ socid: 1, contactId: 1 });
  });

  it('uses the pseudo-address domain to choose between third parties sharing a phone', async () => {
    const { erp, deps } = setup();
    erp.addThirdParty({ id: 4, name: 'ACME Paris branch', email: 'paris@acme-paris.example', phone: '+33123456789' });
    await expect(resolveCustomer({ email: '0123456789@acme-paris.example' }, deps)).resolves.toEqual({ kind: 'found', socid: 4, via: 'phone' });
    await expect(resolveCustomer({ phone: '01 23 45 67 89' }, deps)).resolves.toMatchObject({ kind: 'ambiguous' });
  });

  it('does not take a short all-digit local part for a phone', async () => {
    const { erp, deps } = setup();
    await expect(resolveCustomer({ email: '12345@nowhere.example' }, deps)).resolves.toEqual({ kind: 'unknown' });
    expect(erp.reads.findContactsByEmail).toBe(1);
    expect(erp.reads.findThirdPartiesByPhone).toBeUndefined();
  });

  it('flags an unknown customer by default and creates nothing', async () => {
    const { erp, deps } = setup();
    await expect(resolveCustomer({ email: 'who@nowhere.example', name: 'Who' }, deps)).resolves.toEqual({ kind: 'unknown' });
    expect(erp.writes).toEqual([]);
  });

  it('creates a prospect and its contact for an unknown customer when configured', async () => {
    const { erp, deps } = setup({ unknown: 'create' });
    const result = await resolveCustomer({ email: 'jane.roe@nowhere.example', name: 'Jane Roe', company: 'Nowhere Ltd' }, deps);
    expect(result.kind).toBe('created');
    if (result.kind !== 'created') return;
    const tp = erp.thirdparties.find((t) => t.id === result.socid);
    expect(tp).toMatchObject({ name: 'Nowhere Ltd', client: 2, email: 'jane.roe@nowhere.example' });
    expect(erp.contacts.find((c) => c.id === result.contactId)).toMatchObject({ socid: result.socid, firstname: 'Jane', lastname: 'Roe' });
    // The next ticket from the same address finds it, without a second creation.
    await expect(resolveCustomer({ email: 'jane.roe@nowhere.example' }, deps)).resolves.toMatchObject({ kind: 'found', socid: result.socid });
    expect(erp.writes).toEqual(['createThirdParty', 'createContact']);
  });

  it('stores a phone pseudo-address as a phone, not as an e-mail, when creating', async () => {
    const { erp, deps } = setup({ unknown: 'create' });
    const result = await resolveCustomer({ email: '0498765432@newco.example' }, deps);
    expect(result.kind).toBe('created');
    expect(erp.thirdparties.at(-1)).toMatchObject({ email: null, phone: '+33498765432' });
  });

  it('caches results for the configured time', async () => {
    const { erp, cache, deps } = setup();
    await resolveCustomer({ email: 'marie.durand@acme.example' }, deps);
    await resolveCustomer({ email: 'MARIE.DURAND@acme.example' }, deps);
    expect(erp.reads.findContactsByEmail).toBe(1);
    expect([...cache.entries.values()][0].ttl).toBe(600);
  });

  it('refuses invalid input with an error naming the field', async () => {
    const { deps } = setup();
    await expect(resolveCustomer({ email: 'x'.repeat(2001) }, deps)).rejects.toThrow(InputError);
    await expect(resolveCustomer({ email: 'x'.repeat(2001) }, deps)).rejects.toThrow(/email/);
  });
});

describe('resolveCustomer with customer fields as helpdesks hold them', () => {
  const marie = { kind: 'found', socid: 1, contactId: 1, via: 'contact' };

  it.each([
    ['the display-name form of mail helpdesks', 'Marie Durand <marie.durand@acme.example>'],
    ['a quoted display name with a comma', '"Durand, Marie" <marie.durand@acme.example>'],
    ['upper case and spaces', '  MARIE.DURAND@ACME.EXAMPLE '],
    ['a mailto: link', 'mailto:Marie.Durand@acme.example'],
    ['a mailto: inside angle brackets', 'Marie <mailto:marie.durand@acme.example>'],
    ['an RFC comment in the address', 'marie.durand(sales)@acme.example'],
  ])('matches %s', async (_what, field) => {
    const { erp, deps } = setup();
    const asked = jest.spyOn(erp, 'findContactsByEmail');
    await expect(resolveCustomer({ email: field }, deps)).resolves.toEqual(marie);
    expect(asked.mock.calls).toEqual([['marie.durand@acme.example']]);
  });

  it.each([
    ['commas', 'unknown@nowhere.example, marie.durand@acme.example'],
    ['semicolons', 'unknown@nowhere.example; marie.durand@acme.example'],
    ['spaces', 'unknown@nowhere.example marie.durand@acme.example'],
  ])('tries every address of a field with several, separated by %s', async (_what, field) => {
    const { deps } = setup();
    await expect(resolveCustomer({ email: field }, deps)).resolves.toEqual(marie);
  });

  it('takes a phone typed into the e-mail field as the phone', async () => {
    const { deps } = setup();
    await expect(resolveCustomer({ email: '06 00 00 00 01' }, deps)).resolves.toEqual({ kind: 'found', socid: 1, contactId: 1, via: 'phone' });
  });

  it('answers unknown, without a look-up, for a field with neither an address nor a phone', async () => {
    const { erp, deps } = setup();
    await expect(resolveCustomer({ email: '<b>call me</b>' }, deps)).resolves.toEqual({ kind: 'unknown' });
    expect(erp.reads).toEqual({});
  });

  it('creates the unknown customer with the bare address, not the display form', async () => {
    const { erp, deps } = setup({ unknown: 'create' });
    const r = await resolveCustomer({ email: 'Jean Neuf <JEAN@neuf.example>', name: 'Jean Neuf' }, deps);
    expect(r.kind).toBe('created');
    expect(erp.contacts.at(-1)?.email).toBe('jean@neuf.example');
  });
});
