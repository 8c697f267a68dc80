import type { z } from 'zod';
import type { Logger } from './logger';

/**
 * The development-tracker plugin interface (ProjeQtor, ...): where support escalates a reproduced bug to the
 * developers. A second plugin kind beside helpdesks, much smaller: create an issue, read it, list changes since
 * a cursor, add a note. Like helpdesk plugins it holds no business rules.
 */
export interface DevTrackerPlugin<C = unknown> {
  /** The name used in configuration: `plugin: projeqtor`. */
  readonly name: string;
  /** The plugin's own settings schema (the `settings:` block of its tracker entry). */
  readonly configSchema: z.ZodType<C, z.ZodTypeDef, unknown>;
  /** Secrets it needs, read from TB_DEVTRACKER_<ID>_<NAME> (names lowercase here). */
  readonly requiredSecrets: readonly string[];
  create(ctx: DevTrackerContext<C>): DevTrackerAdapter;
}

export interface DevTrackerContext<C> {
  /** The tracker's id in configuration (`devTrackers.<id>`). */
  readonly trackerId: string;
  readonly config: C;
  readonly secrets: Readonly<Record<string, string>>;
  readonly logger: Logger;
  now(): Date;
}

/** How urgent the bug is for the customer, from the helpdesk priority; the plugin maps it to its own ids. */
export type DevUrgency = 'critical' | 'high' | 'normal' | 'low';

/** Where an issue stands, whatever the tracker calls its statuses. */
export type DevIssueCategory = 'open' | 'in_progress' | 'done' | 'cancelled';

export interface NewDevIssue {
  title: string;
  /** Plain text, newlines kept. */
  description: string;
  /** The helpdesk ticket's number as people see it; the tracker keeps it to find the issue again. */
  externalRef: string;
  urgency: DevUrgency;
}

export interface DevIssue {
  /** The tracker's stable id. */
  id: string;
  /** What people call it ("TB-BUG-12"); the id when the tracker has no other. */
  reference: string;
  title: string;
  /** The tracker's own status name, for notes. */
  status: string;
  category: DevIssueCategory;
  externalRef?: string;
  /** The issue's page in the tracker's web interface. */
  url: string;
  updatedAt: Date;
}

export interface DevIssuePage {
  /** Issues changed since the cursor, each once, current state. */
  issues: DevIssue[];
  /** Opaque; persisted by the bridge once the page is handled. */
  cursor: string;
}

export type DevNoteVisibility = 'public' | 'team' | 'private';

export interface DevTrackerAdapter {
  readonly id: string;
  readonly plugin: string;
  createIssue(issue: NewDevIssue): Promise<DevIssue>;
  /** The issue, or null when it no longer exists (or is no longer visible to the bridge's user). */
  getIssue(issueId: string): Promise<DevIssue | null>;
  /** Issues whose external reference is exactly `externalRef`: what makes "create once" survive a crash after the create. */
  findByExternalRef(externalRef: string): Promise<DevIssue[]>;
  /** Changes since a cursor; null means "start from `since`". May repeat an issue across pages, never miss one. */
  listChanges(cursor: string | null, since: Date): Promise<DevIssuePage>;
  addNote(issueId: string, text: string, visibility: DevNoteVisibility): Promise<void>;
  /** Cheap reachability and credentials check for /readyz and check-config. */
  ping?(): Promise<void>;
  close?(): Promise<void>;
}
