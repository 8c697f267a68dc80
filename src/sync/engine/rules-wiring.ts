import type Redis from 'ioredis';
import type { EngineDeps } from './deps';
import { RedisCache, type KeySpace } from '../../store';
import { supportAccountResolver } from './support-account';
import { interventionsStep } from './interventions-step';
import { durationStep } from './duration-step';
import { quoteTriggerStep } from './quote-step';
import type { CustomerResolution } from '../rules/customer-resolution';
import type { Account } from './account';
import type { SlaConfig } from '../../config/sla-schema';
import type { DeadlinePlanner } from '../sla/ports';
import { compileCalendar } from '../sla/calendar';
import { RedisSlaRecordStore, RedisStateHistoryStore } from '../../store';
import { slaStep } from './sla-step';

export interface SlaRules {
  config: SlaConfig;
  planner: DeadlinePlanner;
}

/**
 * The support rules plugged into the engine: account (customer + contract), interventions, duration, quote
 * triggers, and service levels with escalation when enabled.
 */
export function buildRules(base: Omit<EngineDeps, 'resolveAccount' | 'steps'>, redis: Redis, keys: KeySpace, sla?: SlaRules): Pick<EngineDeps, 'resolveAccount' | 'steps'> {
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
      mapping: base.mapping,
      customerCache: new RedisCache<CustomerResolution>(redis, keys, 'customer'),
      accountCache: new RedisCache<Account>(redis, keys, 'account'),
    }),
    steps: [interventionsStep, durationStep, quoteTriggerStep, ...slaSteps],
  };
}
