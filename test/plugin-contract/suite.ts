import { getLogger } from '../../src/logging/logger';
import { registerChangesContract } from './changes.contract';
import { contractContext } from './context';
import { registerDeliverContract, registerLostAnswerContract } from './deliver.contract';
import { registerReminderContract, registerReplyContract } from './reply-reminder.contract';
import { registerErrorContract } from './errors.contract';
import { registerFetchContract } from './fetch.contract';
import type { PluginHarness } from './harness';
import { registerInboundContract } from './inbound.contract';
import { registerDeleteContract, registerMergeContract } from './lifecycle.contract';

export type { PluginHarness, DoubleControl, SeedTicket, SeedArticle } from './harness';

/**
 * The shared contract every helpdesk plugin runs against its own HTTP double. Tests are
 * registered only for what the plugin can do; what it cannot is listed once on the console.
 */
export function runPluginContract(harness: PluginHarness): void {
  // Capabilities are optional adapter members: build one (no I/O) to see which it has.
  const probe = harness.plugin.create({
    helpdeskId: `contract-${harness.plugin.name}`,
    config: harness.plugin.configSchema.parse(harness.probe.settings),
    secrets: harness.probe.secrets,
    logger: getLogger(`contract.${harness.plugin.name}`),
    now: () => new Date(),
  });
  const caps = harness.capabilities;
  const notApplicable: string[] = [];
  const when = (applies: boolean, what: string, register: () => void) => (applies ? register() : notApplicable.push(what));

  describe(`helpdesk plugin contract: ${harness.plugin.name}`, () => {
    const ctx = contractContext(harness);
    it('names itself and its secrets in lowercase', () => {
      expect(probe.plugin).toBe(harness.plugin.name);
      expect(harness.plugin.requiredSecrets.every((s) => s === s.toLowerCase())).toBe(true);
    });
    when(!!probe.fetchTicket, 'fetchTicket', () => registerFetchContract(ctx));
    when(!!probe.fetchTicket && caps.errorKinds.length > 0, 'typed errors on fetchTicket', () => registerErrorContract(ctx));
    when(!!probe.listChanges, 'listChanges (ties, pages, restarts)', () => registerChangesContract(ctx));
    when(!!probe.inbound, 'inbound deliveries', () => registerInboundContract(ctx));
    when(!!probe.deliver, 'deliver (notes, states, fields, idempotency)', () => registerDeliverContract(ctx));
    when(!!probe.deliver && caps.lostAnswers, 'deliver after a lost answer', () => registerLostAnswerContract(ctx));
    when(!!probe.deliver && !!probe.customerReplies, 'deliver: customer replies', () => registerReplyContract(ctx));
    when(!!probe.deliver && !!probe.reminders, 'deliver: reminders', () => registerReminderContract(ctx));
    when(caps.merges, 'merges as events', () => registerMergeContract(ctx));
    when(caps.deletions, 'deletions as events', () => registerDeleteContract(ctx));
    afterAll(() => {
      if (notApplicable.length) console.info(`[plugin contract ${harness.plugin.name}] not applicable: ${notApplicable.join('; ')}`);
    });
  });
}
