/**
 * The JSM double's state: one service desk project, its requests with comments, worklogs, custom fields and
 * SLA cycles, and a workflow of named statuses. Shapes follow shared/jira-sm/examples; only what the plugin
 * and the tests use is modelled.
 */
type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface Status {
  id: string;
  name: string;
  category: StatusCategoryKey;
}

export interface Person {
  accountId: string;
  email: string;
  displayName: string;
  accountType: 'atlassian' | 'customer';
}

export interface Comment {
  id: string;
  body: string;
  public: boolean;
  author: Person;
  created: Date;
}

export interface WorklogEntry {
  id: string;
  seconds: number;
  started: Date;
  comment: string;
  author: Person;
  updated: Date;
}

export interface SlaCycle {
  name: string;
  goalMs: number;
  elapsedMs: number;
  breached: boolean;
  paused: boolean;
  startTime: Date;
  breachTime?: Date;
  /** Completed cycles are reported but not ongoing. */
  completed?: boolean;
}

export interface Issue {
  id: string;
  key: string;
  project: string;
  summary: string;
  description: string;
  status: Status;
  priority: string;
  reporter: Person;
  requestType: { id: string; name: string; groupIds: string[] };
  organization?: string;
  created: Date;
  updated: Date;
  comments: Comment[];
  worklogs: WorklogEntry[];
  customFields: Record<string, string | null>;
  /** Jira's due date: a day (YYYY-MM-DD), no time or zone. */
  duedate?: string;
  links: string[];
  attachments: Array<{ id: string; filename: string; mimeType: string; size: number; created: Date }>;
  sla: SlaCycle[];
}

export const WORKFLOW: Status[] = [
  { id: '10001', name: 'Ouvert', category: 'new' },
  { id: '10002', name: 'Qualifié', category: 'indeterminate' },
  { id: '10003', name: 'En cours', category: 'indeterminate' },
  { id: '10004', name: 'En attente triage', category: 'indeterminate' },
  { id: '10005', name: 'En attente R&D', category: 'indeterminate' },
  { id: '10006', name: 'En attente client', category: 'indeterminate' },
  { id: '10007', name: 'Fermé', category: 'done' },
];

/** Transition names as an admin would set them; the id of a transition is the target status id + 1000. */
export const TRANSITION_NAMES: Record<string, string> = {
  Ouvert: 'Rouvrir',
  Qualifié: 'Qualifier',
  'En cours': 'Prendre en charge',
  'En attente triage': 'Escalader au triage',
  'En attente R&D': 'Transmettre à la R&D',
  'En attente client': 'Attendre le client',
  Fermé: 'Fermer',
};

export const AGENT: Person = {
  accountId: '5b10a2844c20165700ede21g',
  email: 'agent@helpdesk.example',
  displayName: 'Mia Krystof',
  accountType: 'atlassian',
};

export class JsmStore {
  readonly issues = new Map<string, Issue>();
  private seq = { issue: 10000, comment: 20000, worklog: 30000, attachment: 40000, key: 0 };
  private frozen: Date | undefined;

  constructor(readonly projectKey: string) {}

  now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date();
  }

  setClock(at: Date | undefined): void {
    this.frozen = at;
  }

  next(kind: 'issue' | 'comment' | 'worklog' | 'attachment'): string {
    this.seq[kind] += 1;
    return String(this.seq[kind]);
  }

  nextKey(): string {
    this.seq.key += 1;
    return `${this.projectKey}-${this.seq.key}`;
  }

  /** By id or key, as every Jira path accepts both. */
  find(idOrKey: string): Issue | undefined {
    return this.issues.get(idOrKey) ?? [...this.issues.values()].find((i) => i.key === idOrKey);
  }

  touch(issue: Issue): void {
    issue.updated = this.now();
  }
}

export function statusNamed(name: string): Status {
  const status = WORKFLOW.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!status) throw new Error(`the double's workflow has no status ${name}`);
  return status;
}
