import { supportAccountResolver } from '../../../src/sync/mirror/support-account';
import { reflectIntervention } from '../../../src/sync/reflect/reflect-objects';
import { rulesConfigSchema } from '../../../src/config/rules-schema';
import { mappingSchema } from '../../../src/config/schema';
import type { DolibarrApi } from '../../../src/erp/dolibarr/api';
import { RedisAccountCaches } from '../../../src/store';
import type { ContractResolution } from '../../../src/sync/rules/contract-resolution';
import type { CustomerResolution } from '../../../src/sync/mirror/resolve-customer';
import { contract, contractLine, intervention, interventionLine, supportContract, supportHour } from '../../support/fakes/dolibarr-builders';
import { helpdeskTicket } from '../../support/fakes/helpdesk';
import { makeEngine } from '../../support/fakes/engine';
import { redisEnv, type RedisEnv } from '../store/redis-env';

const ticket = (id: string) =>
  helpdeskTicket({ id, number: id, customer: { email: 'marie.durand@acme.example' }, createdAt: new Date('2026-06-15T10:00:00Z') });

describe('cached customer and contract answers, dropped when the ERP reports a change', () => {
  let env: RedisEnv;
  beforeEach(() => {
    env = redisEnv('contract-cache');
  });
  afterEach(() => env.cleanup());

  function setup() {
    const caches = new RedisAccountCaches(env.redis, env.keys);
    const e = makeEngine();
    const api = e.erp;
    api.products.push(supportHour, supportContract);
    api.addThirdParty({ id: 1, name: 'ACME', email: 'contact@acme.example' });
    api.addContact({ id: 1, socid: 1, email: 'marie.durand@acme.example' });
    api.contracts.push(contract({ id: 2, socid: 1, lines: [contractLine({ id: 2, qty: 10, dateStartReal: new Date('2026-01-02T09:00:00Z') })] }));
    const resolve = supportAccountResolver({
      erp: api as unknown as DolibarrApi,
      rules: rulesConfigSchema.parse({}),
      mapping: mappingSchema.parse({}),
      customerCache: caches.cache<CustomerResolution>('customer'),
      contractCache: caches.cache<ContractResolution>('contract'),
    });
    return { api, resolve, deps: { ...e.deps, accountCaches: caches } };
  }

  it('an intervention reported by the ERP (webhook or poll) drops the contract answers, not the customer ones', async () => {
    const { api, resolve, deps } = setup();
    const first = await resolve(ticket('1'), { helpdeskId: 'znuny', ticketId: '1' });
    expect(first.contractId).toBe(2);
    await resolve(ticket('2'), { helpdeskId: 'znuny', ticketId: '2' });
    expect(api.reads.listContracts).toBe(1);
    const contactReads = api.reads.findContactsByEmail;

    api.interventions.push(
      intervention({ id: 7, socid: 1, contractId: 2, status: 1, lines: [interventionLine(7, '2026-06-10T09:00:00Z', 3 * 3600)] }),
    );
    await reflectIntervention(7, deps);
    const after = await resolve(ticket('3'), { helpdeskId: 'znuny', ticketId: '3' });
    expect(api.reads.listContracts).toBe(2);
    expect(api.reads.findContactsByEmail).toBe(contactReads);
    // The fresh answer counts the new intervention's 3 hours.
    expect(after.updates.map((u) => u.note).join(' ')).toMatch(/7 h left/);
  });

  it('an intervention deleted in the ERP (no longer readable) drops them too', async () => {
    const { api, resolve, deps } = setup();
    await resolve(ticket('1'), { helpdeskId: 'znuny', ticketId: '1' });
    await reflectIntervention(99, deps, 2);
    await resolve(ticket('2'), { helpdeskId: 'znuny', ticketId: '2' });
    expect(api.reads.listContracts).toBe(2);
  });

  it('an account change (third party, contact, contract) drops both caches', async () => {
    const { api, resolve, deps } = setup();
    await resolve(ticket('1'), { helpdeskId: 'znuny', ticketId: '1' });
    const contactReads = api.reads.findContactsByEmail;
    await deps.accountCaches.invalidate();
    await resolve(ticket('2'), { helpdeskId: 'znuny', ticketId: '2' });
    expect(api.reads.listContracts).toBe(2);
    expect(api.reads.findContactsByEmail).toBe(contactReads + 1);
  });
});
