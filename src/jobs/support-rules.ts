import type Redis from 'ioredis';
import type { EngineDeps } from '../sync/shared/deps';
import { RedisSlaRecordStore, RedisStateHistoryStore, type KeySpace, type RedisAccountCaches } from '../store';
import { supportAccountResolver } from '../sync/mirror/support-account';
import { interventionsStep } from '../sync/mirror/interventions-step';
import { durationStep } from '../sync/mirror/duration-step';
import { quoteTriggerStep } from '../sync/mirror/quote-trigger-step';
import { slaStep } from '../sync/mirror/sla-step';
import { helpdeskSlaStep } from '../sync/mirror/helpdesk-sla-step';
import { referenceStep } from '../sync/mirror/reference-step';
import type { CustomerResolution } from '../sync/mirror/resolve-customer';
import type { ContractResolution } from '../sync/rules/contract-resolution';
import type { SlaConfig } from '../config/sla-schema';
import type { DeadlinePlanner } from '../sync/ports';
import { compileCalendar } from '../sync/rules/business-calendar';

export interface SlaRules {
  config: SlaConfig;
  planner: DeadlinePlanner;
}

/**
 * The support rules plugged into the mirror run: account (customer + contract), interventions, duration, quote
 * triggers, and service levels with escalation when enabled.
 */
export function buildRules(
  base: Omit<EngineDeps, 'resolveAccount' | 'steps'>,
  redis: Redis,
  keys: KeySpace,
  caches: RedisAccountCaches,
  sla?: SlaRules,
): Pick<EngineDeps, 'resolveAccount' | 'steps'> {
  const slaSteps = sla?.config.enabled
    ? [
        slaStep({
          sla: sla.config,
          calendars: new Map(Object.entries(sla.config.calendars).map(([name, c]) => [name, compileCalendar(name, c)])),
          history: new RedisStateHistoryStore(redis, keys),
          planner: sla.planner,
          records: new RedisSlaRecordStore(redis, keys),
        }),
      ]
    : [];
  return {
    resolveAccount: supportAccountResolver({
      erp: base.erp,
      rules: base.rules,
      // A getter: the mapping changes at run time (admin page overrides).
      get mapping() {
        return base.mapping;
      },
      customerCache: caches.cache<CustomerResolution>('customer'),
      contractCache: caches.cache<ContractResolution>('contract'),
    }),
    steps: [interventionsStep, durationStep, quoteTriggerStep, helpdeskSlaStep, referenceStep, ...slaSteps],
  };
}
