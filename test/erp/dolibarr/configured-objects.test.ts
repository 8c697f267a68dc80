import { rulesConfigSchema } from '../../../src/config/rules-schema';
import { checkConfiguredObjects } from '../../../src/sync/rules/configured-objects';
import { intercept, makeClient, setupNock, TECH_KEY } from './recording';

setupNock();

const rules = (quotes: string) => rulesConfigSchema.parse({ quotes: { serviceRef: quotes }, billing: { hourlyServiceRef: quotes }, contract: { serviceRefs: [quotes] } });

describe('check of the products the rules name, against recorded Dolibarr 23 answers', () => {
  it('names the key and the ref Dolibarr does not have (404)', async () => {
    intercept('product_get_by_ref_404_missing', { query: true });
    const { client } = makeClient();
    const problems = await checkConfiguredObjects(rules('SUPPORT-HOURX'), client);
    expect(problems).toEqual([
      'rules.quotes.serviceRef: no product or service with ref SUPPORT-HOURX in Dolibarr (needed for quote lines)',
      'rules.billing.hourlyServiceRef: no product or service with ref SUPPORT-HOURX in Dolibarr (needed for billing-run invoice lines)',
      'rules.contract.serviceRefs.0: no product or service with ref SUPPORT-HOURX in Dolibarr (needed for recognising support contracts)',
    ]);
  });

  it('says which right is missing when the key\'s user may not read products (403 even for one that exists)', async () => {
    intercept('product_get_by_ref_403_no_product_right', { query: true });
    const { client } = makeClient({ apiKey: TECH_KEY });
    const problems = await checkConfiguredObjects(rules('SUPPORT-HOUR'), client);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^rules\.quotes\.serviceRef: SUPPORT-HOUR could not be checked: .*Products → Read/);
  });

  it('finds nothing to say when the product exists as a service', async () => {
    intercept('product_get_by_ref');
    const { client } = makeClient();
    const ref = 'SUPPORT-HOUR';
    expect(await checkConfiguredObjects(rules(ref), client)).toEqual([]);
  });
});
