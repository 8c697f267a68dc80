import { supportAccountResolver } from '../../../src/sync/mirror/support-account';
import { rulesConfigSchema } from '../../../src/config/rules-schema';
import { mappingSchema } from '../../../src/config/schema';
import type { DolibarrApi } from '../../../src/erp/dolibarr/api';
import { FakeDolibarr } from '../../support/fakes/fake-dolibarr';
import { contract, contractLine, supportContract, supportHour } from '../../support/fakes/dolibarr-builders';
import { helpdeskTicket } from '../../support/fakes/helpdesk';

function setup() {
  const api = new FakeDolibarr();
  api.products.push(supportHour, supportContract);
  api.addThirdParty({ id: 1, name: 'ACME', email: 'contact@acme.example' });
  api.addContact({ id: 1, socid: 1, email: 'marie.durand@acme.example' });
  api.contracts.push(contract({ id: 2, socid: 1, lines: [contractLine({ id: 2, qty: 10, dateStartReal: new Date('2026-01-02T09:00:00Z') })] }));
  const resolve = supportAccountResolver({
    erp: api as unknown as DolibarrApi,
    rules: rulesConfigSchema.parse({}),
    mapping: mappingSchema.parse({}),
  });
  return { api, resolve };
}

const ticket = (id: string, email: string) => helpdeskTicket({ id, number: id, customer: { email }, createdAt: new Date('2026-06-15T10:00:00Z') });

describe('support account resolution (customer, then covering contract)', () => {
  it("attaches a known customer's ticket to its third party and contract, and tells the helpdesk once per contract", async () => {
    const { resolve } = setup();
    const account = await resolve(ticket('1', 'marie.durand@acme.example'), { helpdeskId: 'znuny', ticketId: '1' });
    expect(account).toMatchObject({ socid: 1, contractId: 2 });
    expect(account.updates).toEqual([
      expect.objectContaining({
        type: 'contract.resolved',
        eventId: 'contract.resolved:znuny:1:2',
        fields: { contract: 'CT2611-0002' },
        note: expect.stringMatching(/Covered by contract CT2611-0002, 10 h left/),
      }),
    ]);
  });

  it('flags an unknown customer without guessing a third party', async () => {
    const { resolve } = setup();
    const account = await resolve(ticket('2', 'someone@gmail.com'), { helpdeskId: 'znuny', ticketId: '2' });
    expect(account.socid).toBeUndefined();
    expect(account.updates.map((u) => u.type)).toEqual(['customer.unresolved']);
  });

  it('reads the support service product once for many tickets', async () => {
    const { api, resolve } = setup();
    for (const id of ['3', '4', '5']) await resolve(ticket(id, 'marie.durand@acme.example'), { helpdeskId: 'znuny', ticketId: id });
    expect(api.reads.getProductByRef).toBe(1);
    expect(api.reads.listContracts).toBe(3);
  });
});
