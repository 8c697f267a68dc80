import { getLogger } from '../../src/logging/logger';
import { isIntegrationError, type DevTrackerAdapter, type NewDevIssue } from '../../src/plugin-sdk';
import type { DevTrackerHarness, StartedTracker } from './harness';

export type { DevTrackerHarness } from './harness';

const START = new Date('2026-11-23T08:00:00Z');

const bug = (externalRef: string, title = `Crash on export (${externalRef})`): NewDevIssue => ({
  title,
  description: `Escalated from helpdesk ticket ${externalRef}.\nSteps: open invoice, click Export PDF.\nExpected: a PDF.`,
  externalRef,
  urgency: 'high',
});

/**
 * The contract every development-tracker plugin runs against its own HTTP double: create → read → find by
 * external reference → note → the poll sees a developer's status change → done. Time is the suite's: it moves
 * the double's clock and the adapter's `now` together.
 */
export function runDevTrackerContract(harness: DevTrackerHarness): void {
  describe(`development-tracker plugin contract: ${harness.plugin.name}`, () => {
    let clock: Date;
    let tracker: StartedTracker;
    let adapter: DevTrackerAdapter;
    const tick = (seconds: number) => {
      clock = new Date(clock.getTime() + seconds * 1000);
    };

    beforeEach(async () => {
      clock = START;
      tracker = await harness.start(() => clock);
      adapter = harness.plugin.create({
        trackerId: `contract-${harness.plugin.name}`,
        config: harness.plugin.configSchema.parse(tracker.settings),
        secrets: tracker.secrets,
        logger: getLogger(`contract.${harness.plugin.name}`),
        now: () => clock,
      });
    });
    afterEach(async () => {
      await adapter.close?.();
      await tracker.stop();
    });

    it('pings with valid settings', async () => {
      await expect(adapter.ping?.()).resolves.toBeUndefined();
    });

    it('creates an open issue and reads it back the same', async () => {
      const created = await adapter.createIssue(bug('HD-10042'));
      expect(created).toMatchObject({ title: 'Crash on export (HD-10042)', category: 'open', externalRef: 'HD-10042' });
      expect(created.id).not.toBe('');
      expect(created.reference).not.toBe('');
      expect(created.url).toMatch(/^https?:\/\//);
      expect(Math.abs(created.updatedAt.getTime() - clock.getTime())).toBeLessThan(60_000);
      expect(await adapter.getIssue(created.id)).toEqual(created);
    });

    it('answers null for an issue that does not exist', async () => {
      expect(await adapter.getIssue('987654')).toBeNull();
    });

    it('finds issues by exactly their external reference, whatever the tracker compares', async () => {
      const first = await adapter.createIssue(bug('HD-10043'));
      await adapter.createIssue(bug('hd-10043'));
      await adapter.createIssue(bug('HD-100430'));
      const found = await adapter.findByExternalRef('HD-10043');
      expect(found.map((i) => i.id)).toEqual([first.id]);
      expect(await adapter.findByExternalRef('HD-99999')).toEqual([]);
    });

    it('keeps references with characters a query language dislikes', async () => {
      const ref = "HD-O'Brien/1 %é";
      const created = await adapter.createIssue(bug(ref));
      expect(created.externalRef).toBe(ref);
      expect((await adapter.findByExternalRef(ref)).map((i) => i.id)).toEqual([created.id]);
    });

    it('adds notes with their visibility and refuses a note on a missing issue', async () => {
      const created = await adapter.createIssue(bug('HD-10044'));
      await adapter.addNote(created.id, 'Support: the customer confirms.\nSecond line.', 'public');
      await adapter.addNote(created.id, 'Support only', 'team');
      const notes = tracker.control.notes(created.id);
      expect(notes).toEqual([
        { text: expect.stringContaining('Support: the customer confirms.'), visibility: 'public' },
        { text: 'Support only', visibility: 'team' },
      ]);
      await expect(adapter.addNote('987654', 'lost', 'public')).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('lists a developer status change after the cursor, up to done', async () => {
      const created = await adapter.createIssue(bug('HD-10045'));
      tick(5);
      const first = await adapter.listChanges(null, new Date(START.getTime() - 60_000));
      expect(first.issues.map((i) => [i.id, i.category])).toEqual([[created.id, 'open']]);

      tick(30);
      tracker.control.moveTo(created.id, 'in_progress');
      tick(5);
      const second = await adapter.listChanges(first.cursor, START);
      expect(second.issues.filter((i) => i.id === created.id).map((i) => i.category)).toEqual(['in_progress']);

      tick(600);
      tracker.control.moveTo(created.id, 'done');
      tick(5);
      const third = await adapter.listChanges(second.cursor, START);
      const done = third.issues.find((i) => i.id === created.id);
      expect(done?.category).toBe('done');
      expect(done!.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
      expect((await adapter.getIssue(created.id))?.category).toBe('done');

      // Windows may overlap (an issue seen twice); once past the overlap, an unchanged issue is not listed again.
      tick(3600);
      const fourth = await adapter.listChanges(third.cursor, START);
      tick(3600);
      expect((await adapter.listChanges(fourth.cursor, START)).issues).toEqual([]);
    });

    it('sees a cancelled issue as cancelled', async () => {
      const created = await adapter.createIssue(bug('HD-10046'));
      tick(10);
      tracker.control.moveTo(created.id, 'cancelled');
      expect((await adapter.getIssue(created.id))?.category).toBe('cancelled');
    });

    for (const kind of harness.errorKinds) {
      it(`reports a ${kind} failure as a typed ${kind} error`, async () => {
        tracker.control.failNext(kind);
        const err = await adapter.getIssue('1').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isIntegrationError(err)).toBe(true);
        expect(err).toMatchObject({ kind });
      });
    }
  });
}
