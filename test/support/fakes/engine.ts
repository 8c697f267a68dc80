import type { EngineDeps } from '../../../src/sync/shared/deps';
import type { HelpdeskAdapter } from '../../../src/plugin-sdk';
import { mappingSchema, syncConfigSchema } from '../../../src/config/schema';
import { rulesConfigSchema } from '../../../src/config/rules-schema';
import { exactEmailAccount } from '../../../src/sync/mirror/account';
import { getLogger } from '../../../src/logging/logger';
import { FakeErp } from './fake-erp';
import { MemoryLinkStore } from './link-store';
import { CountingAccountCaches, MemoryErpTickets, MemoryPollCursors, MemoryNumbers, MemoryHelpdeskStates, MemoryEcho, MemoryOnce, MemoryOutbox, MemorySnapshots, RecordingScheduler } from './ports';
import { FakeHelpdesk, type Capability } from './helpdesk';

export interface EngineOptions {
  mapping?: Record<string, unknown>;
  sync?: Record<string, unknown>;
  /** Capabilities of the default helpdesk "znuny"; fetch + deliver unless told. */
  caps?: Capability[];
  /** Further adapters, after znuny. */
  extraAdapters?: HelpdeskAdapter[];
  erp?: FakeErp;
}

export const NOW = new Date('2026-11-20T12:00:00Z');

/** An engine on in-memory fakes; every part is returned so tests can look inside. */
export function makeEngine(opts: EngineOptions = {}) {
  const erp = opts.erp ?? new FakeErp();
  const helpdesk = new FakeHelpdesk('znuny');
  const links = new MemoryLinkStore();
  const pollCursors = new MemoryPollCursors();
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
    erp: api, links, pollCursors, erpStatus, helpdeskState, durations, echo, once, snapshots, outbox, erpTickets, accountCaches, scheduler, adapters,
    mapping: mappingSchema.parse(opts.mapping ?? {}),
    sync: syncConfigSchema.parse(opts.sync ?? {}),
    rules: rulesConfigSchema.parse({}),
    resolveAccount: exactEmailAccount(api),
    steps: [],
    logger: getLogger('engine-test'),
    now: () => NOW,
  };
  return { deps, erp, helpdesk, links, pollCursors, erpStatus, helpdeskState, durations, echo, once, snapshots, outbox, erpTickets, accountCaches, scheduler };
}

