import { rtPlugin } from '../../plugins/rt';
import type { RtSettings } from '../../plugins/rt';
import type { BridgeField, HelpdeskPlugin } from '../../src/plugin-sdk';
import { describeWithRt, rtAvailability } from '../rt/rt-env';
import { RtStaff, rtSettingsFor } from '../rt/rt-staff';
import { runPluginContract, type DoubleControl, type PluginHarness } from './suite';

/**
 * The shared plugin contract against the REAL test RT (npm run rt:setup), not a double.
 * Limits of a real RT, stated instead of faked:
 * - its clock cannot be frozen, and its queue (this file's own) keeps the tickets of earlier runs, so the contract's
 *   listChanges tests (which need `setClock` and an empty helpdesk) cannot hold; the adapter is offered without
 *   listChanges here, and
 *   the cursor is covered by test/plugins/rt/list-changes.test.ts and test/rt/rt-plugin.test.ts;
 * - it cannot be told to fail on demand, so no error kinds are simulated (test/plugins/rt covers them with recordings).
 */
const FIELDS: BridgeField[] = ['erpRef', 'contract', 'duration', 'quote'];
const STATUS_OF = { new: 'new', open: 'open', closed: 'resolved' } as const;

const rt = rtAvailability('contract');
if (!rt.available) {
  describeWithRt('helpdesk plugin contract: rt', 'contract', () => undefined);
} else {
  const env = rt.env;
  const staff = new RtStaff(env);
  const withoutPolling: HelpdeskPlugin<RtSettings> = {
    ...rtPlugin,
    create: (ctx) => {
      const adapter = rtPlugin.create(ctx);
      delete adapter.listChanges;
      return adapter;
    },
  };
  let requests = 0;
  const control: DoubleControl = {
    async createTicket(seed) {
      requests++;
      const [first, ...rest] = seed.articles;
      const id = await staff.createTicket({
        subject: seed.title,
        requestor: seed.customerEmail,
        content: first?.body ?? '',
        timeWorked: first?.timeSeconds ? first.timeSeconds / 60 : undefined,
      });
      for (const a of rest) await control.addArticle(id, a);
      if (seed.stateCategory) await control.changeTicket(id, { stateCategory: seed.stateCategory });
      return id;
    },
    async addArticle(ticketId, a) {
      requests++;
      return staff.message(a.internal ? 'comment' : 'correspond', ticketId, a.body, a.timeSeconds ? a.timeSeconds / 60 : undefined);
    },
    async changeTicket(ticketId, change) {
      requests++;
      const status = change.stateCategory ? STATUS_OF[change.stateCategory as keyof typeof STATUS_OF] : undefined;
      if (change.stateCategory && !status) throw new Error(`no RT status for ${change.stateCategory} in this harness`);
      await staff.update(ticketId, { Subject: change.title, Status: status });
    },
    setClock: () => undefined,
    merge: (source, target) => staff.merge(source, target),
    remove: (id) => staff.delete(id),
    async fieldValue(ticketId, field) {
      const cfs = (await staff.ticket(ticketId)).CustomFields as Array<{ name: string; values: string[] }>;
      return cfs.find((c) => c.name === env.customFields[field])?.values[0];
    },
    customerReplies: (ticketId) => staff.correspondences(ticketId),
    async reminder(ticketId) {
      const due = String((await staff.ticket(ticketId)).Due ?? '');
      // RT's "no due date".
      return due && due !== '1970-01-01T00:00:00Z' ? new Date(due) : undefined;
    },
    failNext: (kind) => {
      throw new Error(`a real RT cannot be made to fail with ${kind}`);
    },
    requestCount: () => requests,
  };
  const harness: PluginHarness<RtSettings> = {
    plugin: withoutPolling,
    probe: { settings: rtSettingsFor(env), secrets: { token: env.token } },
    start: async () => ({ settings: rtSettingsFor(env), secrets: { token: env.token }, control, stop: async () => undefined }),
    capabilities: {
      merges: true,
      deletions: true,
      timeEntries: true,
      errorKinds: [],
      deliverFields: FIELDS,
      lostAnswers: false,
      reminderResolutionMs: 1000,
    },
  };
  runPluginContract(harness as PluginHarness);
}
