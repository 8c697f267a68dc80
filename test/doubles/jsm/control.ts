import { AGENT, JsmStore, statusNamed, WORKFLOW, type Issue, type Person, type SlaCycle } from './store';
import { platformIssue, sdComment, user, worklog } from './render';
import type { WebhookSender } from './webhooks';

export interface NewRequest {
  summary: string;
  description?: string;
  reporter: { email: string; name?: string };
  requestType?: { id: string; name: string; groupIds: string[] };
  priority?: string;
  status?: string;
  organization?: string;
  attachments?: Array<{ filename: string; mimeType: string; size: number }>;
}

/** The fault the next API call meets. */
export type Fault = { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> } | { kind: 'drop' } | { kind: 'garbage' };

export const SUPPORT_TYPE = { id: '25', name: 'Support', groupIds: ['1'] };

/**
 * What happens in JSM outside the bridge (customers on the portal, agents in Jira), with the webhooks Jira
 * would send for each change. Also the faults the next API call meets.
 */
export class JsmControl {
  readonly faults: Fault[] = [];
  loseNextWrite = false;
  requests: string[] = [];
  /** Transitions out of Fermé (the customer's workflow never reopens; the contract suite needs it). */
  reopenable = false;

  constructor(
    readonly store: JsmStore,
    readonly hooks: WebhookSender,
    readonly zone: string,
    readonly fields: { requestTypeField: string; organizationField: string },
  ) {}

  customer(email: string, name?: string): Person {
    return {
      accountId: `qm:${Buffer.from(email).toString('hex').slice(0, 24)}`,
      email,
      displayName: name ?? email.split('@')[0]!,
      accountType: 'customer',
    };
  }

  createRequest(r: NewRequest): Issue {
    const s = this.store;
    const now = s.now();
    const id = s.next('issue');
    const issue: Issue = {
      id,
      key: s.nextKey(),
      project: s.projectKey,
      summary: r.summary,
      description: r.description ?? '',
      status: statusNamed(r.status ?? 'Ouvert'),
      priority: r.priority ?? 'Moyenne',
      reporter: this.customer(r.reporter.email, r.reporter.name),
      requestType: r.requestType ?? SUPPORT_TYPE,
      organization: r.organization,
      created: now,
      updated: now,
      comments: [],
      worklogs: [],
      customFields: {},
      links: [],
      attachments: (r.attachments ?? []).map((a) => ({ ...a, id: s.next('attachment'), created: now })),
      sla: [],
    };
    s.issues.set(id, issue);
    this.issueEvent('jira:issue_created', 'issue_created', issue, issue.reporter);
    return issue;
  }

  addComment(idOrKey: string, c: { body: string; public: boolean; author?: Person }): string {
    const issue = this.must(idOrKey);
    const comment = { id: this.store.next('comment'), body: c.body, public: c.public, author: c.author ?? AGENT, created: this.store.now() };
    issue.comments.push(comment);
    this.store.touch(issue);
    const v2 = {
      ...sdComment(comment, this.zone),
      body: comment.body,
      jsdPublic: comment.public,
      author: user(comment.author, false),
      created: comment.created.toISOString(),
    };
    this.hooks.emit('comment_created', { comment: v2, issue: this.v2(issue) }, issue.updated);
    this.issueEvent('jira:issue_updated', 'issue_commented', issue, comment.author, { comment: v2 });
    return comment.id;
  }

  addWorklog(idOrKey: string, w: { seconds: number; comment?: string; started?: Date }): string {
    const issue = this.must(idOrKey);
    const now = this.store.now();
    const entry = {
      id: this.store.next('worklog'),
      seconds: w.seconds,
      started: w.started ?? now,
      comment: w.comment ?? '',
      author: AGENT,
      updated: now,
    };
    issue.worklogs.push(entry);
    this.store.touch(issue);
    // Real worklog deliveries carry only the worklog, with its issueId.
    this.hooks.emit('worklog_created', { worklog: worklog(entry, issue.id, this.zone, true) }, now);
    return entry.id;
  }

  setStatus(idOrKey: string, name: string, actor: Person = AGENT): void {
    const issue = this.must(idOrKey);
    const from = issue.status;
    issue.status = statusNamed(name);
    this.store.touch(issue);
    this.issueEvent('jira:issue_updated', 'issue_generic', issue, actor, {
      changelog: {
        id: this.store.next('attachment'),
        items: [
          {
            field: 'status',
            fieldtype: 'jira',
            fieldId: 'status',
            from: from.id,
            fromString: from.name,
            to: issue.status.id,
            toString: issue.status.name,
          },
        ],
      },
    });
  }

  update(
    idOrKey: string,
    change: { summary?: string; priority?: string; fields?: Record<string, string>; duedate?: string },
    actor: Person = AGENT,
  ): void {
    const issue = this.must(idOrKey);
    if (change.summary !== undefined) issue.summary = change.summary;
    if (change.duedate !== undefined) issue.duedate = change.duedate;
    if (change.priority !== undefined) issue.priority = change.priority;
    Object.assign(issue.customFields, change.fields ?? {});
    this.store.touch(issue);
    this.issueEvent('jira:issue_updated', 'issue_updated', issue, actor);
  }

  /** The public comments an agent (or the bridge) wrote: what the customer was told. */
  customerReplies(idOrKey: string): string[] {
    return this.must(idOrKey)
      .comments.filter((c) => c.public && c.author.accountId === AGENT.accountId)
      .map((c) => c.body);
  }

  remove(idOrKey: string): void {
    const issue = this.must(idOrKey);
    this.store.issues.delete(issue.id);
    this.issueEvent('jira:issue_deleted', 'issue_deleted', issue, AGENT);
  }

  link(idOrKey: string, otherKey: string): void {
    const issue = this.must(idOrKey);
    const other = this.must(otherKey);
    issue.links.push(`${other.id}|${other.key}`);
    this.store.touch(issue);
  }

  /** SLA cycles change with time, not with an event: Jira sends no webhook for them. */
  setSla(idOrKey: string, cycles: SlaCycle[]): void {
    this.must(idOrKey).sla = cycles;
  }

  transitionsFrom(issue: Issue) {
    if (issue.status.name === 'Fermé' && !this.reopenable) return [];
    return WORKFLOW.filter((s) => s.id !== issue.status.id);
  }

  failNext(fault: Fault): void {
    this.faults.push(fault);
  }

  must(idOrKey: string): Issue {
    const issue = this.store.find(idOrKey);
    if (!issue) throw new Error(`the JSM double has no issue ${idOrKey}`);
    return issue;
  }

  v2(issue: Issue) {
    return platformIssue(issue, this.zone, { v2: true, ...this.fields });
  }

  issueEvent(event: string, type: string, issue: Issue, actor: Person, extra: Record<string, unknown> = {}): void {
    this.hooks.emit(event, { issue_event_type_name: type, user: user(actor, false), issue: this.v2(issue), ...extra }, issue.updated);
  }
}
