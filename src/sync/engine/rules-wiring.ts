import type Redis from 'ioredis';
import type { EngineDeps } from './deps';
import { RedisCache, type KeySpace } from '../../store';
import { supportAccountResolver } from './support-account';
import { interventionsStep } from './interventions-step';
import { durationStep } from './duration-step';
import { quoteTriggerStep } from './quote-step';
import { slaStep } from './sla-step';
import { referenceStep } from './reference-step';
import type { CustomerResolution } from '../rules/customer-resolution';
import type { Account } from './account';

/** The support rules plugged into the engine: account (customer + contract), interventions, duration, quote triggers. */
export function buildRules(base: Omit<EngineDeps, 'resolveAccount' | 'steps'>, redis: Redis, keys: KeySpace): Pick<EngineDeps, 'resolveAccount' | 'steps'> {
  return {
    resolveAccount: supportAccountResolver({
      erp: base.erp,
      rules: base.rules,
      mapping: base.mapping,
      customerCache: new RedisCache<CustomerResolution>(redis, keys, 'customer'),
      accountCache: new RedisCache<Account>(redis, keys, 'account'),
    }),
    steps: [interventionsStep, durationStep, quoteTriggerStep, slaStep, referenceStep],
  };
}
