import { DateTime } from 'luxon';
import type { Comment, Issue, Person, SlaCycle, Status, WorklogEntry } from './store';

/** Platform dates: "2026-11-23T09:41:02.327+0100" in the user's zone. */
function platformDate(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZZ");
}

/** servicedeskapi date objects. */
function sdDate(d: Date, zone: string) {
  const dt = DateTime.fromJSDate(d, { zone });
  return {
    epochMillis: d.getTime(),
    friendly: dt.toFormat('dd/MMM/yy h:mm a'),
    iso8601: dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZZ"),
    jira: platformDate(d, zone),
  };
}

const CATEGORY_IDS = { new: 2, indeterminate: 4, done: 3 } as const;

function status(s: Status) {
  return { name: s.name, id: s.id, statusCategory: { id: CATEGORY_IDS[s.category], key: s.category, colorName: 'yellow', name: s.category } };
}

export function user(p: Person, withEmail = true) {
  return {
    accountId: p.accountId,
    displayName: p.displayName,
    active: true,
    timeZone: 'Europe/Paris',
    accountType: p.accountType,
    ...(withEmail ? { emailAddress: p.email } : {}),
  };
}

/** Text as the v3 API shows it: ADF paragraphs, line breaks, and *bold* (wiki, as typed on the portal) as a strong mark. */
function adf(text: string) {
  const runs = (line: string) =>
    line
      .split(/(\*[^*\s][^*]*\*)/)
      .filter(Boolean)
      .map((part) =>
        /^\*[^*]+\*$/.test(part) ? { type: 'text', text: part.slice(1, -1), marks: [{ type: 'strong' }] } : { type: 'text', text: part },
      );
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim());
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => ({
      type: 'paragraph',
      content: p.split('\n').flatMap((l, i) => [...(i ? [{ type: 'hardBreak' }] : []), ...runs(l)]),
    })),
  };
}

/** ADF the plugin posts, back to the text the servicedeskapi shows. */
export function adfText(doc: unknown): string {
  const walk = (n: { type?: string; text?: string; content?: unknown[] }): string =>
    n.type === 'text'
      ? (n.text ?? '')
      : n.type === 'hardBreak'
        ? '\n'
        : (n.content ?? []).map((c) => walk(c as never)).join(n.type === 'doc' ? '\n\n' : '');
  return walk(doc as never);
}

/** GET /rest/api/3/issue/{id} (v3) or the issue in a webhook (v2: wiki strings, reporter without e-mail). */
export function platformIssue(i: Issue, zone: string, opts: { v2?: boolean; requestTypeField: string; organizationField: string }) {
  return {
    id: i.id,
    key: i.key,
    self: `/rest/api/${opts.v2 ? 2 : 3}/issue/${i.id}`,
    fields: {
      summary: i.summary,
      description: i.description ? (opts.v2 ? i.description : adf(i.description)) : null,
      status: status(i.status),
      priority: { name: i.priority, id: '3' },
      reporter: user(i.reporter, false),
      creator: user(i.reporter, false),
      assignee: null,
      project: { id: '10006', key: i.project, name: 'Customer Services', projectTypeKey: 'service_desk' },
      issuetype: { id: '10004', name: '[System] Service request' },
      created: platformDate(i.created, zone),
      updated: platformDate(i.updated, zone),
      attachment: i.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        mimeType: a.mimeType,
        size: a.size,
        created: platformDate(a.created, zone),
        author: user(i.reporter, false),
      })),
      issuelinks: i.links.map((key, n) => ({
        id: String(n + 1),
        type: { name: 'Relates' },
        outwardIssue: { id: key.split('|')[0], key: key.split('|')[1] },
      })),
      [opts.requestTypeField]: {
        requestType: { ...i.requestType, serviceDeskId: '10' },
        currentStatus: { status: i.status.name, statusCategory: i.status.category.toUpperCase() },
      },
      [opts.organizationField]: i.organization ? [{ id: 1, name: i.organization }] : [],
      ...i.customFields,
    },
  };
}

export function sdRequest(i: Issue, zone: string) {
  return {
    issueId: i.id,
    issueKey: i.key,
    requestTypeId: i.requestType.id,
    serviceDeskId: '10',
    createdDate: sdDate(i.created, zone),
    reporter: user(i.reporter),
    requestFieldValues: [
      { fieldId: 'summary', label: 'Résumé', value: i.summary },
      { fieldId: 'description', label: 'Description', value: i.description },
    ],
    currentStatus: { status: i.status.name, statusCategory: i.status.category.toUpperCase(), statusDate: sdDate(i.updated, zone) },
  };
}

export function sdComment(c: Comment, zone: string) {
  return { id: c.id, body: c.body, public: c.public, author: user(c.author), created: sdDate(c.created, zone) };
}

/** A worklog; v2 (webhooks) has a string comment, v3 ADF. */
export function worklog(w: WorklogEntry, issueId: string, zone: string, v2 = false) {
  return {
    id: w.id,
    issueId,
    author: user(w.author, false),
    updateAuthor: user(w.author, false),
    comment: v2 ? w.comment : adf(w.comment),
    created: platformDate(w.updated, zone),
    updated: platformDate(w.updated, zone),
    started: platformDate(w.started, zone),
    timeSpent: `${Math.round(w.seconds / 60)}m`,
    timeSpentSeconds: w.seconds,
  };
}

const duration = (ms: number) => ({ millis: ms, friendly: `${Math.trunc(ms / 3600_000)}h ${Math.trunc((ms % 3600_000) / 60_000)}m` });

/** One SLA metric as GET /request/{id}/sla shows it (get-sla.json). */
export function sla(cycles: SlaCycle[], zone: string) {
  const byName = new Map<string, SlaCycle[]>();
  for (const c of cycles) byName.set(c.name, [...(byName.get(c.name) ?? []), c]);
  return [...byName.entries()].map(([name, list], n) => {
    const ongoing = list.find((c) => !c.completed);
    return {
      id: String(10030 + 10 * n),
      name,
      completedCycles: list
        .filter((c) => c.completed)
        .map((c) => ({
          startTime: sdDate(c.startTime, zone),
          stopTime: sdDate(new Date(c.startTime.getTime() + c.elapsedMs), zone),
          breachTime: sdDate(c.breachTime ?? new Date(c.startTime.getTime() + c.goalMs), zone),
          breached: c.breached,
          goalDuration: duration(c.goalMs),
          elapsedTime: duration(c.elapsedMs),
          remainingTime: duration(c.goalMs - c.elapsedMs),
        })),
      ...(ongoing
        ? {
            ongoingCycle: {
              startTime: sdDate(ongoing.startTime, zone),
              ...(ongoing.breachTime ? { breachTime: sdDate(ongoing.breachTime, zone) } : {}),
              breached: ongoing.breached,
              paused: ongoing.paused,
              withinCalendarHours: true,
              goalDuration: duration(ongoing.goalMs),
              elapsedTime: duration(ongoing.elapsedMs),
              remainingTime: duration(ongoing.goalMs - ongoing.elapsedMs),
            },
          }
        : {}),
    };
  });
}
