import type { Article, HelpdeskTicket, TimeEntry } from '../../src/plugin-sdk';
import { adfToText } from './adf-text';
import type { JiraIssue, JiraUser, SdComment, Worklog } from './schemas';
import { organizationsFieldSchema, requestTypeFieldSchema } from './schemas';
import { categoryOf, type JsmSettings } from './settings';
import { wikiToText } from './wiki-text';

/** The request's description as the opening article: Jira keeps it apart from the comments. */
const DESCRIPTION_ARTICLE_ID = 'description';

/** ADF (v3) or a wiki-markup string (v2, servicedeskapi) as plain text. */
export function richTextToText(value: unknown): string {
  if (typeof value === 'string') return wikiToText(value);
  return value ? adfToText(value) : '';
}

function nameOf(user: JiraUser | null | undefined): string | undefined {
  return user?.displayName || user?.emailAddress || undefined;
}

/** "Assistance/Support" when the request type's group is configured, else the request type alone. */
function requestTypeOf(issue: JiraIssue, settings: JsmSettings): { type?: string; group?: string } {
  const parsed = requestTypeFieldSchema.safeParse(issue.fields[settings.requestTypeField]);
  const rt = parsed.success ? parsed.data?.requestType : undefined;
  if (!rt) return {};
  const group = rt.groupIds.map((g) => settings.requestTypeGroups[g]).find((g) => g !== undefined);
  return { type: group ? `${group}/${rt.name}` : rt.name, group };
}

function organizationOf(issue: JiraIssue, settings: JsmSettings): string | undefined {
  if (!settings.organizationField) return undefined;
  const parsed = organizationsFieldSchema.safeParse(issue.fields[settings.organizationField]);
  return parsed.success ? parsed.data?.[0]?.name : undefined;
}

export function toHelpdeskTicket(helpdeskId: string, issue: JiraIssue, reporter: JiraUser | undefined, settings: JsmSettings): HelpdeskTicket {
  const f = issue.fields;
  const { type, group } = requestTypeOf(issue, settings);
  const customer = reporter ?? f.reporter ?? undefined;
  return {
    helpdeskId,
    id: issue.id,
    number: issue.key,
    title: f.summary.slice(0, 255),
    body: richTextToText(f.description),
    queue: group,
    type,
    priority: f.priority?.name,
    state: f.status.name,
    stateCategory: categoryOf(settings, f.status.name, f.status.statusCategory.key),
    customer: { email: customer?.emailAddress || undefined, name: nameOf(customer), company: organizationOf(issue, settings) },
    owner: f.assignee ? { login: f.assignee.accountId, email: f.assignee.emailAddress || undefined, name: nameOf(f.assignee) } : undefined,
    createdAt: f.created,
    updatedAt: f.updated,
    // A done request closed at its resolution date; a workflow that sets no resolution gives none (no late entries).
    closedAt: f.status.statusCategory.key === 'done' ? (f.resolutiondate ?? undefined) : undefined,
  };
}

/** The description (with the request's attachments) first, then every comment with its visibility. */
export function toArticles(issue: JiraIssue, reporter: JiraUser | undefined, comments: SdComment[]): Article[] {
  const description = richTextToText(issue.fields.description);
  const attachments = issue.fields.attachment.map((a) => ({ filename: a.filename.slice(0, 255), contentType: a.mimeType, size: a.size }));
  const opening: Article[] =
    description || attachments.length
      ? [
          {
            id: DESCRIPTION_ARTICLE_ID,
            author: nameOf(reporter ?? issue.fields.reporter),
            body: description,
            internal: false,
            createdAt: issue.fields.created,
            attachments,
          },
        ]
      : [];
  return [
    ...opening,
    ...comments.map((c) => ({
      id: c.id,
      author: nameOf(c.author),
      body: wikiToText(c.body),
      internal: !c.public,
      createdAt: c.created,
      attachments: [],
    })),
  ];
}

export function toTimeEntry(w: Worklog): TimeEntry {
  const note = richTextToText(w.comment);
  return {
    id: w.id,
    seconds: w.timeSpentSeconds,
    start: w.started,
    bookedAt: w.created,
    author: nameOf(w.author),
    note: note ? note.slice(0, 10_000) : undefined,
  };
}
