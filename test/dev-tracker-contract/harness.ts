import type { DevIssueCategory, DevNoteVisibility, DevTrackerPlugin, ErrorKind } from '../../src/plugin-sdk';

/**
 * What a development-tracker plugin's test file hands to `runDevTrackerContract`. The suite talks to the
 * tracker only through the plugin and through `TrackerControl`, so one suite fits every tracker.
 */
export interface DevTrackerHarness<C = unknown> {
  plugin: DevTrackerPlugin<C>;
  /** Starts a fresh, empty double whose clock is `now` (the suite moves it) and returns settings pointing at it. */
  start(now: () => Date): Promise<StartedTracker>;
  /** Error kinds the double can simulate with `failNext`, each the way this tracker reports it. */
  errorKinds: ErrorKind[];
}

export interface StartedTracker {
  settings: unknown;
  secrets: Record<string, string>;
  control: TrackerControl;
  stop(): Promise<void>;
}

/** What happens in the tracker outside the bridge (developers at work), and what the suite inspects. */
interface TrackerControl {
  /** A developer moves the issue to a status of that category. */
  moveTo(issueId: string, category: Exclude<DevIssueCategory, 'open'>): void;
  /** Notes on the issue as the tracker stores them. */
  notes(issueId: string): Array<{ text: string; visibility: DevNoteVisibility }>;
  /** The next call fails the way the tracker reports `kind`. */
  failNext(kind: ErrorKind): void;
}
