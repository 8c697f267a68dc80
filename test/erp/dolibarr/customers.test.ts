import { collect } from '../../../src/erp/dolibarr/pagination';
import { API_ROOT, dolibarr, intercept, loadRecording, makeClient, makeErpUser, setupNock } from './recording';

setupNock();

const page0 = { limit: '100', page: '0' };
const tpRows = () => loadRecording('thirdparty_get').response.body as Record<string, unknown>;

describe('third parties', () => {
  it('gets one, parsed', async () => {
    intercept('thirdparty_get');
    const { client } = makeClient();
    expect(await client.getThirdParty(1)).toEqual({
      id: 1,
      name: 'ACME Helpdesk Client',
      email: 'contact@acme.example',
      phone: '+33123456789',
      codeClient: 'CU2611-00001',
      client: 1,
      status: 1,
    });
  });

  it('finds by e-mail with an apostrophe, quoted once (the recorded form that works)', async () => {
    intercept('thirdparties_list_by_email_apostrophe', { query: { sqlfilters: "(t.email:=:'o'brien@example.ie')", ...page0 } });
    const { client } = makeClient();
    const found = await client.findThirdPartiesByEmail("o'brien@example.ie");
    expect(found.map((t) => t.name)).toEqual(["O'Brien & Sons"]);
  });

  it('treats the 404 of an empty third-party list as no match, e.g. for an injection attempt', async () => {
    intercept('sqlfilters_injection_attempt', { query: { sqlfilters: "(t.email:=:'' OR 1=1 --')", ...page0 } });
    const { client } = makeClient();
    expect(await client.findThirdPartiesByEmail("' OR 1=1 --")).toEqual([]);
  });

  it('finds by phone normalised as Dolibarr stores it', async () => {
    intercept('thirdparties_list_by_phone', { query: { sqlfilters: "(t.phone:=:'+33123456789')", ...page0 } });
    const { client } = makeClient();
    expect((await client.findThirdPartiesByPhone('+33 1 23.45.67.89')).map((t) => t.id)).toEqual([1]);
  });

  it('finds a phone with parentheses by LIKE on its safe tail, then keeps exact matches only', async () => {
    const rows = [
      { ...tpRows(), phone: '+33(0)123456789' },
      { ...tpRows(), id: '7', phone: '+44(0)123456789' },
    ];
    dolibarr()
      .get(`${API_ROOT}/thirdparties`)
      .query({ sqlfilters: "(t.phone:like:'%123456789')", ...page0 })
      .reply(200, JSON.stringify(rows));
    const { client } = makeClient();
    expect((await client.findThirdPartiesByPhone('+33 (0)1 23 45 67 89')).map((t) => t.id)).toEqual([1]);
  });

  it('finds by e-mail domain with wildcards neutralised and re-checked', async () => {
    const rows = [
      { ...tpRows(), id: '1', email: 'a@acme_1.example' },
      { ...tpRows(), id: '2', email: 'b@acmeX1.example' },
    ];
    dolibarr()
      .get(`${API_ROOT}/thirdparties`)
      .query({ sqlfilters: "(t.email:like:'%@acme_1.example')", ...page0 })
      .reply(200, JSON.stringify(rows));
    const { client } = makeClient();
    expect((await client.findThirdPartiesByEmailDomain('ACME_1.example')).map((t) => t.id)).toEqual([1]);
  });

  it('creates with an automatic customer code and the caller', async () => {
    intercept('thirdparty_create', {
      body: (b) =>
        JSON.stringify(b) ===
        JSON.stringify({
          name: 'ACME Helpdesk Client',
          email: 'contact@acme.example',
          phone: '+33 1 23 45 67 89',
          client: 1,
          code_client: '-1',
          country_id: 1,
          caller: 'ticketbridge',
        }),
    });
    const { client } = makeClient();
    expect(
      await client.createThirdParty({
        name: 'ACME Helpdesk Client',
        email: 'contact@acme.example',
        phone: '+33 1 23 45 67 89',
        client: 1,
        countryId: 1,
      }),
    ).toBe(1);
  });
});

describe('contacts', () => {
  it('finds by e-mail (apostrophe) and returns [] on an empty 200 list', async () => {
    const full = loadRecording('contact_get_by_email_endpoint').response.body as Record<string, unknown>;
    dolibarr()
      .get(`${API_ROOT}/contacts`)
      .query({ sqlfilters: "(t.email:=:'sean.o'neil@example.ie')", ...page0 })
      .reply(200, JSON.stringify([{ ...full, id: '2', socid: '2', email: "sean.o'neil@example.ie" }]));
    intercept('empty_list_contacts', { query: { sqlfilters: "(t.email:=:'zoë@exämple.org')", ...page0 } });
    const { client } = makeClient();
    expect(await client.findContactsByEmail("sean.o'neil@example.ie")).toEqual([
      {
        id: 2,
        socid: 2,
        firstname: 'Marie',
        lastname: 'Durand',
        email: "sean.o'neil@example.ie",
        phonePro: '+33 4 00 00 00 01',
        phoneMobile: '06 00 00 00 01',
      },
    ]);
    expect(await client.findContactsByEmail('zoë@exämple.org')).toEqual([]);
  });

  it('finds by phone whatever the separators, on both phone columns, without duplicates', async () => {
    const full = loadRecording('contact_get_by_email_endpoint').response.body as Record<string, unknown>;
    const q = (field: string) => ({ sqlfilters: `(${field}:like:'%4%0%0%0%0%0%0%0%1')`, ...page0 });
    dolibarr()
      .get(`${API_ROOT}/contacts`)
      .query(q('t.phone'))
      .reply(200, JSON.stringify([full, { ...full, id: '3', phone_pro: '+33 4 99 00 00 00 01', phone_mobile: null }]));
    dolibarr()
      .get(`${API_ROOT}/contacts`)
      .query(q('t.phone_mobile'))
      .reply(200, JSON.stringify([full]));
    const { client } = makeClient();
    expect((await client.findContactsByPhone('04.00.00.00.01')).map((c) => c.id)).toEqual([1]);
  });

  it('creates with the caller', async () => {
    intercept('contact_create', {
      body: (b) =>
        JSON.stringify(b) ===
        JSON.stringify({
          socid: 1,
          lastname: 'Durand',
          firstname: 'Marie',
          email: 'marie.durand@acme.example',
          phone_pro: '+33 4 00 00 00 01',
          phone_mobile: '06 00 00 00 01',
          caller: 'ticketbridge',
        }),
    });
    const { client } = makeClient();
    expect(
      await client.createContact({
        socid: 1,
        lastname: 'Durand',
        firstname: 'Marie',
        email: 'marie.durand@acme.example',
        phonePro: '+33 4 00 00 00 01',
        phoneMobile: '06 00 00 00 01',
      }),
    ).toBe(1);
  });
});

describe('users, products, contracts', () => {
  it('finds users by e-mail and login; 404 is null', async () => {
    intercept('user_get_by_email');
    intercept('user_get_by_email_404');
    intercept('user_get_by_login');
    const { client } = makeClient();
    expect(await client.findUserByEmail('paul.martin@helpdesk.example')).toEqual({
      id: 2,
      login: 'tech1',
      email: 'paul.martin@helpdesk.example',
      firstname: 'Paul',
      lastname: 'Martin',
      active: true,
    });
    expect(await client.findUserByEmail('nobody@x.y')).toBeNull();
    expect((await client.findUserByLogin('tech1'))!.id).toBe(2);
  });

  it('lists users over pages', async () => {
    intercept('users_list', { query: { ...page0 } });
    expect((await collect(makeErpUser().listUsers())).map((u) => u.login)).toEqual(['admin', 'tech1']);
  });

  it('gets a product by ref', async () => {
    intercept('product_get_by_ref');
    const { client } = makeClient();
    expect(await client.getProductByRef('SUPPORT-HOUR')).toEqual({
      id: 1,
      ref: 'SUPPORT-HOUR',
      label: 'Hourly support',
      type: 1,
      price: 80,
      vatRate: 20,
      duration: '1h',
    });
  });

  it('gets a contract with its lines and statuses', async () => {
    intercept('contract_get');
    const { client } = makeClient();
    const c = await client.getContract(1);
    expect(c).toMatchObject({ id: 1, ref: 'CT2611-0001', socid: 1, status: 1 });
    expect(c!.lines[0]).toEqual({
      id: 1,
      productId: 2,
      productRef: 'SUPPORT-CONTRACT',
      description: 'Annual support',
      qty: 1,
      unitPrice: 1200,
      status: 4,
      dateStart: new Date(1795359185 * 1000),
      dateEnd: new Date(1826895195 * 1000),
      dateStartReal: new Date(1795359195 * 1000),
      dateEndReal: null,
    });
  });

  it('lists the contracts of a customer (empty list is [])', async () => {
    const full = loadRecording('contract_get').response.body;
    dolibarr()
      .get(`${API_ROOT}/contracts`)
      .query({ thirdparty_ids: '1', withLines: 'true', ...page0 })
      .reply(200, JSON.stringify([full]));
    intercept('contracts_list_empty', { query: { thirdparty_ids: '2', withLines: 'true', ...page0 } });
    const { client } = makeClient();
    expect((await client.listContracts(1)).map((c) => c.ref)).toEqual(['CT2611-0001']);
    expect(await client.listContracts(2)).toEqual([]);
  });
});
