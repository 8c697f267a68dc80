import type { EngineDeps } from './deps';
import type { RedisAccountCaches } from '../../store';
import { supportAccountResolver } from './support-account';
import { interventionsStep } from './interventions-step';
import { durationStep } from './duration-step';
import { quoteTriggerStep } from './quote-step';
import type { CustomerResolution } from '../rules/customer-resolution';
import type { ContractResolution } from '../rules/contract-resolution';

/** The support rules plugged into the engine: account (customer + contract), interventions, duration, quote triggers. */
export function buildRules(base: Omit<EngineDeps, 'resolveAccount' | 'steps'>, caches: RedisAccountCaches): Pick<EngineDeps, 'resolveAccount' | 'steps'> {
  return {
    resolveAccount: supportAccountResolver({
      erp: base.erp,
      rules: base.rules,
      mapping: base.mapping,
      customerCache: caches.cache<CustomerResolution>('customer'),
      contractCache: caches.cache<ContractResolution>('contract'),
    }),
    steps: [interventionsStep, durationStep, quoteTriggerStep],
  };
}
