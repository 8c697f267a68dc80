import type Redis from 'ioredis';
import type { EngineDeps } from '../sync/shared/deps';
import { RedisCache, type KeySpace } from '../store';
import { supportAccountResolver } from '../sync/mirror/support-account';
import { interventionsStep } from '../sync/mirror/interventions-step';
import { durationStep } from '../sync/mirror/duration-step';
import { quoteTriggerStep } from '../sync/mirror/quote-trigger-step';
import type { CustomerResolution } from '../sync/mirror/resolve-customer';
import type { Account } from '../sync/mirror/account';

/** The support rules plugged into the mirror run: account (customer + contract), interventions, duration, quote triggers. */
export function buildRules(base: Omit<EngineDeps, 'resolveAccount' | 'steps'>, redis: Redis, keys: KeySpace): Pick<EngineDeps, 'resolveAccount' | 'steps'> {
  return {
    resolveAccount: supportAccountResolver({
      erp: base.erp,
      rules: base.rules,
      mapping: base.mapping,
      customerCache: new RedisCache<CustomerResolution>(redis, keys, 'customer'),
      accountCache: new RedisCache<Account>(redis, keys, 'account'),
    }),
    steps: [interventionsStep, durationStep, quoteTriggerStep],
  };
}
