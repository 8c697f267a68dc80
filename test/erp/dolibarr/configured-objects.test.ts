import { rulesConfigSchema } from '../../../src/config/rules-schema';
import { mappingSchema } from '../../../src/config/schema';
import { checkConfiguredObjects } from '../../../src/sync/rules/configured-objects';
import { intercept, makeClient, setupNock, TECH_KEY } from './recording';

setupNock();

const rules = (quotes: string) =>
  withRules(rulesConfigSchema.parse({ quotes: { serviceRef: quotes }, billing: { hourlyServiceRef: quotes }, contract: { serviceRefs: [quotes] } }));
const withRules = (r: ReturnType<typeof rulesConfigSchema.parse>) => ({ rules: r, mapping: mappingSchema.parse({}), helpdesks: {} });

describe('check of the products the rules name, against recorded Dolibarr 23 answers', () => {
  it('names the key and the ref Dolibarr does not have (404)', async () => {
    intercept('product_get_by_ref_404_missing', { query: true });
    const { client } = makeClient();
    const { problems } = await checkConfiguredObjects(rules('SUPPORT-HOURX'), client);
    expect(problems).toEqual([
      'rules.quotes.serviceRef: no product or service with ref SUPPORT-HOURX in Dolibarr (needed for quote lines)',
      'rules.billing.hourlyServiceRef: no product or service with ref SUPPORT-HOURX in Dolibarr (needed for billing-run invoice lines)',
      'rules.contract.serviceRefs.0: no product or service with ref SUPPORT-HOURX in Dolibarr (needed for recognising support contracts)',
    ]);
  });

  it("says which right is missing when the key's user may not read products (403 even for one that exists)", async () => {
    intercept('product_get_by_ref_403_no_product_right', { query: true });
    const { client } = makeClient({ apiKey: TECH_KEY });
    const { problems } = await checkConfiguredObjects(rules('SUPPORT-HOUR'), client);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^rules\.quotes\.serviceRef: SUPPORT-HOUR could not be checked: .*Products → Read/);
  });

  it('names the mapped Dolibarr user and the erpTickets third party that do not exist', async () => {
    const service = { id: 1, ref: 'SUPPORT-HOUR', label: 'Support hour', type: 1, price: 80, vatRate: 20, duration: '1h' };
    const lookups = { getProductByRef: async () => service, getThirdParty: async () => null, findUserByLogin: async () => null };
    const config = {
      rules: rulesConfigSchema.parse({}),
      mapping: mappingSchema.parse({ users: { 'agent.smith': 'asmith' } }),
      helpdesks: {
        znuny: {
          plugin: 'znuny',
          enabled: true,
          settings: {},
          secrets: {},
          erpTickets: { types: [], categories: [], thirdParties: [99], origins: [] },
        },
      },
    };
    expect((await checkConfiguredObjects(config, lookups)).problems).toEqual([
      'mapping.users.agent.smith: no Dolibarr user with login asmith',
      'helpdesks.znuny.erpTickets.thirdParties.0: no Dolibarr third party with id 99',
    ]);
  });

  it('notes a support service whose duration is not in hours and that hoursPerUnit does not price, without failing', async () => {
    const yearly = { id: 1, ref: 'SUPPORT-CONTRACT', label: 'Support contract', type: 1, price: 1200, vatRate: 20, duration: '1y' };
    const lookups = { getProductByRef: async () => yearly, getThirdParty: async () => null, findUserByLogin: async () => null };
    const base = { quotes: { serviceRef: 'SUPPORT-CONTRACT' }, billing: { hourlyServiceRef: 'SUPPORT-CONTRACT' } };
    const unpriced = withRules(rulesConfigSchema.parse({ ...base, contract: { serviceRefs: ['SUPPORT-CONTRACT'] } }));
    expect(await checkConfiguredObjects(unpriced, lookups)).toEqual({
      problems: [],
      notices: [
        'rules.contract.serviceRefs.0: SUPPORT-CONTRACT has a duration of "1y", not in hours, and no rules.contract.hoursPerUnit entry: contract cards will show the support hours used, not those prepaid and left',
      ],
    });
    const priced = withRules(
      rulesConfigSchema.parse({ ...base, contract: { serviceRefs: ['SUPPORT-CONTRACT'], hoursPerUnit: { 'SUPPORT-CONTRACT': 40 } } }),
    );
    expect((await checkConfiguredObjects(priced, lookups)).notices).toEqual([]);
    const hourly = { ...lookups, getProductByRef: async () => ({ ...yearly, duration: '1h' }) };
    expect((await checkConfiguredObjects(unpriced, hourly)).notices).toEqual([]);
  });

  it('finds nothing to say when the product exists as a service', async () => {
    intercept('product_get_by_ref');
    const { client } = makeClient();
    const ref = 'SUPPORT-HOUR';
    expect(await checkConfiguredObjects(rules(ref), client)).toEqual({ problems: [], notices: [] });
  });
});
