import type { DevEscalationConfig } from '../../config/dev-escalation-schema';
import type { DevTrackerAdapter } from '../../plugin-sdk';
import { InputError } from '../../plugin-sdk';
import type { DeadlinePlanner, DevIssueLinkStore } from '../ports';

/** What dev escalation needs beside the engine: its configuration, the tracker, the links and the due-date planner. */
export interface DevEscalationWiring {
  config: DevEscalationConfig;
  tracker: DevTrackerAdapter;
  links: DevIssueLinkStore;
  planner: DeadlinePlanner;
}

/** The wiring, or an InputError (not retried) when dev escalation is off: a job queued for it cannot do anything. */
export function requireDevEscalation(wiring: DevEscalationWiring | undefined): DevEscalationWiring {
  if (!wiring) throw new InputError('dev escalation is not enabled (devEscalation.enabled)');
  return wiring;
}
