import type { DolibarrApi } from '../../erp/dolibarr/api';
import type { RulesConfig } from '../../config/rules-schema';
import type { Cache } from '../ports';
import type { CustomerResolution } from '../rules/customer';

/** What finding and creating a customer need from Dolibarr. */
export type CustomerApi = Pick<
  DolibarrApi,
  | 'findContactsByEmail'
  | 'findThirdPartiesByEmail'
  | 'findThirdPartiesByEmailDomain'
  | 'findThirdPartiesByPhone'
  | 'findContactsByPhone'
  | 'getThirdParty'
  | 'createThirdParty'
  | 'createContact'
>;

export interface CustomerDeps {
  erp: CustomerApi;
  config: RulesConfig['customer'];
  /** Optional: results are cached for config.cacheTtlSeconds. */
  cache?: Cache<CustomerResolution>;
}
