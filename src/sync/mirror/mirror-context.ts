import type { TicketSnapshot } from '../../plugin-sdk';
import type { KnownErpTicket, TicketKey, TicketLink } from '../ports';
import type { TicketUpdate } from '../../erp/dolibarr/api';
import type { EngineDeps } from '../shared/deps';
import type { Account } from './account';

/** What one mirror run knows about a ticket; steps read it and add ERP field changes. */
export interface MirrorContext {
  key: TicketKey;
  snapshot: TicketSnapshot;
  link: TicketLink;
  erpTicket: KnownErpTicket;
  /** True on the run that created the ERP ticket. */
  created: boolean;
  /** True when this run linked the ticket again from Dolibarr (Redis lost, or a create whose answer was lost). */
  linksRebuilt?: boolean;
  /** The customer and contract as this run resolved them (creating the ERP ticket, or checking its fields), once. */
  account?: Account;
  /**
   * The helpdesk state last mirrored, and the one the bridge last delivered to the helpdesk (not consumed), as the run
   * found them at its start: read with the ticket's state and link, in the same round trip.
   */
  helpdeskStates: { mirrored: string | null; delivered: string | null };
  /** Field changes steps want on the ERP ticket; written once, after all steps. */
  pendingUpdate: TicketUpdate;
  /**
   * Redis writes a step sent without waiting (clean-ups), so that they share a round trip with what the next steps
   * read; the run waits for them before it ends. Each has a handler attached (settleLater).
   */
  unsettled: Array<Promise<unknown>>;
  /** Set by the interventions step when lines or interventions changed: the duration must be recomputed. */
  interventionsChanged?: boolean;
}

/** A business rule plugged into the mirror run (customer, contract, interventions, duration, quotes). */
export interface MirrorStep {
  name: string;
  run(ctx: MirrorContext, deps: EngineDeps): Promise<void>;
}

/** `write`, waited for later: handled now, so a failure meanwhile is no unhandled rejection; awaiting it rethrows. */
export function awaitedLater<T>(write: Promise<T>): Promise<T> {
  write.catch(() => undefined);
  return write;
}

/** Leaves `write` for the end of the run, which waits for it. */
export function settleLater(ctx: MirrorContext, write: Promise<unknown>): void {
  ctx.unsettled.push(awaitedLater(write));
}
