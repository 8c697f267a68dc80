import type { HelpdeskAdapter, FetchResult, TicketSnapshot } from '../../src/plugin-sdk';
import { getLogger } from '../../src/logging/logger';
import type { DoubleControl, PluginHarness, StartedDouble } from './harness';

/** Per-test state: a fresh double and an adapter pointed at it. */
export interface ContractContext {
  harness: PluginHarness;
  double(): StartedDouble;
  control(): DoubleControl;
  adapter(): HelpdeskAdapter;
  /** A second adapter instance on the same settings, as after a restart. */
  newAdapter(): HelpdeskAdapter;
}

export function contractContext(harness: PluginHarness): ContractContext {
  let started: StartedDouble | undefined;
  let adapter: HelpdeskAdapter | undefined;
  const build = (): HelpdeskAdapter => {
    if (!started) throw new Error('double not started');
    const config = harness.plugin.configSchema.parse(started.settings);
    return harness.plugin.create({
      helpdeskId: `contract-${harness.plugin.name}`,
      config,
      secrets: started.secrets,
      logger: getLogger(`contract.${harness.plugin.name}`),
      now: () => new Date(),
    });
  };

  beforeEach(async () => {
    started = await harness.start();
    adapter = build();
  });
  afterEach(async () => {
    await adapter?.close?.();
    await started?.stop();
    started = undefined;
    adapter = undefined;
  });

  return {
    harness,
    double: () => {
      if (!started) throw new Error('double not started');
      return started;
    },
    control: () => {
      if (!started) throw new Error('double not started');
      return started.control;
    },
    adapter: () => {
      if (!adapter) throw new Error('adapter not built');
      return adapter;
    },
    newAdapter: build,
  };
}

/** Fetches a ticket the test expects to exist and returns its snapshot. */
export async function fetchFound(adapter: HelpdeskAdapter, ticketId: string): Promise<TicketSnapshot> {
  const result: FetchResult = await adapter.fetchTicket!(ticketId);
  if (result.kind !== 'found') throw new Error(`expected ticket ${ticketId} to be found, got ${result.kind}`);
  return result.snapshot;
}
