import { InputError, type StateCategory, type BridgeField } from '../../src/plugin-sdk';
import { toPendingTime } from './dates';
import type { ZnunySettings } from './settings';
import { toBmp } from './text';

const BRIDGE_FIELDS: readonly BridgeField[] = ['erpRef', 'contract', 'duration', 'quote'];

/**
 * The Ticket-level part of a TicketUpdate/TicketCreate for a state category: pending states
 * need a PendingTime (refused on update without one), as wall-clock parts in the helpdesk zone.
 */
export function stateChange(settings: ZnunySettings, category: StateCategory, pendingUntil: Date): Record<string, unknown> {
  const state = settings.categoryToState[category];
  if (!state) throw new InputError('state has no Znuny state', [`state: '${category}' is not mapped in settings.categoryToState`]);
  if (!settings.pendingStates.includes(state)) return { State: state };
  return { State: state, PendingTime: toPendingTime(pendingUntil, settings.timeZone) };
}

/** When a pending state should end: the update's `data.pendingUntil` if it is a date, else now + pendingHours. */
export function pendingUntilOf(settings: ZnunySettings, data: Record<string, unknown>, now: Date): Date {
  const given = data.pendingUntil;
  const parsed = typeof given === 'string' || given instanceof Date ? new Date(given) : undefined;
  if (parsed && !Number.isNaN(parsed.getTime())) return parsed;
  return new Date(now.getTime() + settings.pendingHours * 3600_000);
}

/** DynamicField entries for the bridge fields present in the update. */
export function dynamicFields(settings: ZnunySettings, fields: Partial<Record<BridgeField, string>> | undefined): { Name: string; Value: string }[] {
  return BRIDGE_FIELDS.flatMap((field) => {
    const value = fields?.[field];
    return value === undefined ? [] : [{ Name: settings.dynamicFields[field], Value: toBmp(value) }];
  });
}
