import type { ErrorKind, StateCategory, BridgeField, HelpdeskPlugin, InboundRequest } from '../../src/plugin-sdk';

/**
 * What a plugin's test file hands to `runPluginContract`. The suite only talks to the
 * helpdesk through the plugin and through `DoubleControl`, so one suite fits every helpdesk.
 */
export interface PluginHarness<C = unknown> {
  plugin: HelpdeskPlugin<C>;
  /**
   * Settings and secrets that build an adapter without any network access. The suite builds
   * one at registration to see which capabilities (optional members) the adapter has.
   */
  probe: { settings: unknown; secrets: Record<string, string> };
  /** Starts a fresh, empty double (one per test) and returns settings/secrets pointing at it. */
  start(): Promise<StartedDouble>;
  /** What the helpdesk can report or do beyond the adapter's members. */
  capabilities: HarnessCapabilities;
  /** Deliveries as the helpdesk sends them; required when the adapter has `inbound`. */
  inbound?: InboundFixtures;
}

interface HarnessCapabilities {
  /** Merges can be told (fetchTicket 'merged' or a listChanges 'ticket.merged' event). */
  merges: boolean;
  /** Deletions can be told apart from missing permission. */
  deletions: boolean;
  /** Tickets carry booked time (articles with time → time entries). */
  timeEntries: boolean;
  /** The listChanges page size that `start()` configured; tie tests create more tickets than this in one second. */
  changesPageSize?: number;
  /** Error kinds the double can simulate with `failNext`, each the way this helpdesk reports it. */
  errorKinds: ErrorKind[];
  /** Bridge fields `deliver` can set (read back with `fieldValue`). */
  deliverFields: BridgeField[];
  /** The double can carry out a write and drop its answer (`loseNextWriteAnswer`). */
  lostAnswers: boolean;
  /** How finely the helpdesk keeps a reminder (a minute, a second, a day); required when the adapter has `reminders`. */
  reminderResolutionMs?: number;
}

export interface StartedDouble {
  settings: unknown;
  secrets: Record<string, string>;
  control: DoubleControl;
  stop(): Promise<void>;
}

export interface SeedArticle {
  body: string;
  internal: boolean;
  /** Time booked with this article, in seconds (the double converts to the helpdesk's unit). */
  timeSeconds?: number;
}

export interface SeedTicket {
  title: string;
  customerEmail: string;
  stateCategory?: StateCategory;
  articles: SeedArticle[];
}

type MaybeAsync<T> = T | Promise<T>;

/** Puts the double into a given state. Every call is awaited by the suite. */
export interface DoubleControl {
  /** Returns the helpdesk id of the new ticket. */
  createTicket(seed: SeedTicket): MaybeAsync<string>;
  /** Returns the helpdesk id of the new article. */
  addArticle(ticketId: string, article: SeedArticle): MaybeAsync<string>;
  changeTicket(ticketId: string, change: { title?: string; stateCategory?: StateCategory }): MaybeAsync<void>;
  /** Freezes the helpdesk clock: every change until the next call carries this time (ties). */
  setClock(at: Date): MaybeAsync<void>;
  merge?(sourceId: string, targetId: string): MaybeAsync<void>;
  remove?(ticketId: string): MaybeAsync<void>;
  /** A bridge field's value as the helpdesk holds it. */
  fieldValue?(ticketId: string, field: BridgeField): MaybeAsync<string | undefined>;
  /** Bodies of the answers the customer sees on the ticket; required when the adapter has `customerReplies`. */
  customerReplies?(ticketId: string): MaybeAsync<string[]>;
  /** The ticket's due date or pending reminder as the helpdesk holds it; required when the adapter has `reminders`. */
  reminder?(ticketId: string): MaybeAsync<Date | undefined>;
  /** The next API call fails the way this helpdesk reports an error of this kind. */
  failNext(kind: ErrorKind): MaybeAsync<void>;
  /** The next write is carried out but its answer never reaches the plugin. */
  loseNextWriteAnswer?(): MaybeAsync<void>;
  /** API requests served so far (to prove that something made none). */
  requestCount(): MaybeAsync<number>;
}

interface InboundFixtures {
  /** A delivery about this ticket, exactly as the helpdesk sends it, correctly authenticated. */
  authentic(ticketId: string): InboundRequest;
  /** Deliveries about this ticket with missing or wrong credentials. */
  unauthenticated(ticketId: string): InboundRequest[];
  /** Authenticated deliveries whose content is not valid. */
  malformed(): InboundRequest[];
}
