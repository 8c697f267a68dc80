import type { StateChange } from '../../helpdesk/model';
import type { SlaRecord } from './record';
import type { SlaStatus } from './clock';
import type { TicketKey } from '../ports';

/** The state changes the bridge saw, for helpdesks whose plugin reads no history. */
export interface StateHistoryStore {
  /**
   * Adds a change when the state differs from the last one recorded and is not older than it;
   * returns the whole history, oldest first.
   */
  record(key: TicketKey, change: StateChange): Promise<StateChange[]>;
}

/** What a deadline is about: one per ticket and target, so planning again replaces the earlier one. */
export type DeadlineSlot = 'first-response' | 'resolution' | 'escalation';

/** Wakes the engine up for a ticket at an instant (delayed job), instead of scanning tickets every minute. */
export interface DeadlinePlanner {
  /** Plans the slot's check at `at`, replacing the slot's earlier plan; null cancels it. */
  plan(key: TicketKey, slot: DeadlineSlot, at: Date | null): Promise<void>;
}

/** Per-ticket service-level figures for the report and the open-ticket gauges. */
export interface SlaRecordStore {
  /** Keeps the ticket's latest record under the month (YYYY-MM) it was opened in. */
  save(month: string, record: SlaRecord): Promise<void>;
  listMonth(month: string): Promise<SlaRecord[]>;
  /** Drops a ticket that no longer has a service level (its type became excluded, its policy went away). */
  forget(month: string, key: TicketKey): Promise<void>;
  /** Open tickets by status. */
  openByStatus(): Promise<Record<SlaStatus, number>>;
}
