import type { EngineDeps } from '../../../src/sync/shared/deps';
import type { HelpdeskAdapter } from '../../../src/plugin-sdk';
import { mappingSchema, syncConfigSchema } from '../../../src/config/schema';
import { rulesConfigSchema } from '../../../src/config/rules-schema';
import { exactEmailAccount } from '../../../src/sync/mirror/account';
import { getLogger } from '../../../src/logging/logger';
import { FakeDolibarr } from './fake-dolibarr';
import type { ErpTicketIntake } from '../../../src/sync/shared/deps';
import { MemoryLinkStore } from './link-store';
import {
  CountingAccountCaches,
  MemoryErpTickets,
  MemoryPollCursors,
  MemoryNumbers,
  MemoryHelpdeskStates,
  MemoryLastNotes,
  MemoryEcho,
  MemoryOnce,
  MemoryOutbox,
  MemorySnapshots,
  RecordingScheduler,
} from './ports';
import { FakeHelpdesk, type Capability } from './helpdesk';

export interface EngineOptions {
  mapping?: Record<string, unknown>;
  sync?: Record<string, unknown>;
  /** Capabilities of the default helpdesk "znuny"; fetch + deliver unless told. */
  caps?: Capability[];
  /** Further adapters, after znuny. */
  extraAdapters?: HelpdeskAdapter[];
  erp?: FakeDolibarr;
  /** helpdesks.<id>.erpTickets: which tickets opened in Dolibarr each helpdesk takes (none when absent). */
  erpTickets?: Record<string, Partial<ErpTicketIntake>>;
}

export const NOW = new Date('2026-11-20T12:00:00Z');

/** An engine on in-memory fakes; every part is returned so tests can look inside. */
export function makeEngine(opts: EngineOptions = {}) {
  const erp = opts.erp ?? new FakeDolibarr();
  const helpdesk = new FakeHelpdesk('znuny');
  const links = new MemoryLinkStore();
  const pollCursors = new MemoryPollCursors();
  const lastNotes = new MemoryLastNotes();
  const erpStatus = new MemoryNumbers();
  const helpdeskState = new MemoryHelpdeskStates();
  const durations = new MemoryNumbers();
  const echo = new MemoryEcho();
  const once = new MemoryOnce();
  const snapshots = new MemorySnapshots();
  const outbox = new MemoryOutbox();
  const scheduler = new RecordingScheduler();
  const erpTickets = new MemoryErpTickets();
  const accountCaches = new CountingAccountCaches();
  const adapters = new Map<string, HelpdeskAdapter>([[helpdesk.id, helpdesk.adapter(opts.caps ?? ['fetch', 'deliver'])]]);
  for (const a of opts.extraAdapters ?? []) adapters.set(a.id, a);
  const api = erp.asApi();
  const deps: EngineDeps = {
    erp: api,
    links,
    pollCursors,
    erpStatus,
    helpdeskState,
    durations,
    lastNotes,
    echo,
    once,
    snapshots,
    outbox,
    erpTickets,
    accountCaches,
    scheduler,
    adapters,
    erpTicketIntake: new Map(
      Object.entries(opts.erpTickets ?? {}).map(([id, f]) => [id, { types: [], categories: [], thirdParties: [], origins: [], ...f }]),
    ),
    mapping: mappingSchema.parse(opts.mapping ?? {}),
    sync: syncConfigSchema.parse(opts.sync ?? {}),
    rules: rulesConfigSchema.parse({}),
    resolveAccount: exactEmailAccount(api),
    steps: [],
    logger: getLogger('engine-test'),
    now: () => NOW,
  };
  return {
    deps,
    erp,
    helpdesk,
    links,
    pollCursors,
    erpStatus,
    helpdeskState,
    durations,
    echo,
    once,
    snapshots,
    outbox,
    erpTickets,
    accountCaches,
    scheduler,
  };
}
