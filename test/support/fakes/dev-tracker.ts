import {
  TimeoutError,
  type DevIssue,
  type DevIssueCategory,
  type DevIssuePage,
  type DevNoteVisibility,
  type DevTrackerAdapter,
  type NewDevIssue,
} from '../../../src/plugin-sdk';
import type { DeadlinePlanner, DeadlineSlot, DevIssueLink, DevIssueLinkStore, TicketKey } from '../../../src/sync/ports';

/**
 * A development tracker in memory: issues numbered from 1, a change log for listChanges (cursor = how many
 * changes were listed), and `failNext` to make the next calls throw (an outage, a refused create).
 */
export class FakeDevTracker implements DevTrackerAdapter {
  readonly plugin = 'fake-tracker';
  readonly issues = new Map<string, DevIssue & { description: string; urgency: NewDevIssue['urgency'] }>();
  readonly created: NewDevIssue[] = [];
  readonly notes: Array<{ issueId: string; text: string; visibility: DevNoteVisibility }> = [];
  readonly getCalls: string[] = [];
  /** Errors the next calls throw, in order (any method). */
  readonly failNext: Error[] = [];
  /** The next create makes the issue, then its answer is lost (a timeout): what a crash after the create looks like. */
  loseNextCreateAnswer = false;
  private changes: string[] = [];

  constructor(
    readonly id = 'dev',
    private readonly now: () => Date = () => new Date(),
  ) {}

  private maybeFail(): void {
    const err = this.failNext.shift();
    if (err) throw err;
  }

  async createIssue(issue: NewDevIssue): Promise<DevIssue> {
    this.maybeFail();
    this.created.push({ ...issue });
    const id = String(this.issues.size + 1);
    const stored = {
      ...issue,
      id,
      reference: `BUG-${id}`,
      status: 'Recorded',
      category: 'open' as DevIssueCategory,
      url: `https://tracker.example/view.php?id=${id}`,
      updatedAt: this.now(),
    };
    this.issues.set(id, stored);
    this.changes.push(id);
    if (this.loseNextCreateAnswer) {
      this.loseNextCreateAnswer = false;
      throw new TimeoutError('no answer within 15000 ms', { system: this.id, method: 'POST', path: '/issues' });
    }
    return this.view(stored);
  }

  async getIssue(issueId: string): Promise<DevIssue | null> {
    this.maybeFail();
    this.getCalls.push(issueId);
    const issue = this.issues.get(issueId);
    return issue ? this.view(issue) : null;
  }

  async findByExternalRef(externalRef: string): Promise<DevIssue[]> {
    this.maybeFail();
    return [...this.issues.values()].filter((i) => i.externalRef === externalRef).map((i) => this.view(i));
  }

  async listChanges(cursor: string | null): Promise<DevIssuePage> {
    this.maybeFail();
    const from = cursor === null ? 0 : Number(cursor);
    const ids = [...new Set(this.changes.slice(from))];
    return { issues: ids.map((id) => this.view(this.issues.get(id)!)), cursor: String(this.changes.length) };
  }

  async addNote(issueId: string, text: string, visibility: DevNoteVisibility): Promise<void> {
    this.maybeFail();
    this.notes.push({ issueId, text, visibility });
  }

  /** What a developer does: the issue moves to another status. */
  move(issueId: string, status: string, category: DevIssueCategory): void {
    const issue = this.issues.get(issueId)!;
    this.issues.set(issueId, { ...issue, status, category, updatedAt: this.now() });
    this.changes.push(issueId);
  }

  private view(issue: DevIssue & { description: string; urgency: NewDevIssue['urgency'] }): DevIssue {
    const { id, reference, title, status, category, externalRef, url, updatedAt } = issue;
    return { id, reference, title, status, category, externalRef, url, updatedAt };
  }
}

export class MemoryDevIssueLinks implements DevIssueLinkStore {
  readonly links = new Map<string, DevIssueLink>();
  readonly issues = new Map<string, TicketKey>();
  async get(key: TicketKey) {
    const link = this.links.get(`${key.helpdeskId}:${key.ticketId}`);
    return link ? { ...link } : null;
  }
  async save(key: TicketKey, link: DevIssueLink) {
    this.links.set(`${key.helpdeskId}:${key.ticketId}`, { ...link });
    this.issues.set(`${link.trackerId}:${link.issueId}`, { ...key });
  }
  async ticketOfIssue(trackerId: string, issueId: string) {
    return this.issues.get(`${trackerId}:${issueId}`) ?? null;
  }
}

/** Remembers the last plan per ticket and slot (null: cancelled). */
export class RecordingPlanner implements DeadlinePlanner {
  readonly plans = new Map<string, Date | null>();
  async plan(key: TicketKey, slot: DeadlineSlot, at: Date | null) {
    this.plans.set(`${key.helpdeskId}:${key.ticketId}:${slot}`, at);
  }
}
